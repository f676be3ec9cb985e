package com.aliaport.ops.exchangerate;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.exchangerate.evds.EvdsCurrency;
import com.aliaport.ops.exchangerate.evds.EvdsResponseParser;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TurkishBusinessCalendarTest {
    private final TurkishBusinessCalendar calendar = new TurkishBusinessCalendar();

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void weekends_are_closed_with_their_name() {
        assertThat(calendar.closure(day("2026-03-07"))).contains("Saturday");
        assertThat(calendar.closure(day("2026-03-08"))).contains("Sunday");
        assertThat(calendar.isBusinessDay(day("2026-03-09"))).isTrue();
    }

    @Test
    void fixed_holidays_and_the_republic_day_eve_are_closed() {
        assertThat(calendar.closure(day("2024-01-01"))).contains("Yılbaşı");
        assertThat(calendar.closure(day("2024-04-23"))).isPresent();
        assertThat(calendar.closure(day("2024-05-01"))).isPresent();
        assertThat(calendar.closure(day("2024-05-20"))).isEmpty();
        assertThat(calendar.closure(day("2024-08-30"))).contains("Zafer Bayramı");
        assertThat(calendar.closure(day("2024-10-28"))).contains("Cumhuriyet Bayramı arifesi");
        assertThat(calendar.closure(day("2024-10-29"))).contains("Cumhuriyet Bayramı");
    }

    @Test
    void july_15_is_a_holiday_from_2017_on() {
        assertThat(calendar.isBusinessDay(day("2016-07-15"))).isTrue();
        assertThat(calendar.closure(day("2024-07-15"))).contains("Demokrasi ve Millî Birlik Günü");
    }

    @Test
    void ramazan_bayrami_2026_closes_its_eve_and_three_days() {
        assertThat(calendar.isBusinessDay(day("2026-03-18"))).isTrue();
        assertThat(calendar.closure(day("2026-03-19"))).contains("Ramazan Bayramı arifesi");
        assertThat(calendar.closure(day("2026-03-20"))).contains("Ramazan Bayramı (1. gün)");
        assertThat(calendar.nextBusinessDay(day("2026-03-18"))).isEqualTo(day("2026-03-23"));
    }

    @Test
    void kurban_bayrami_2018_closed_tcmb_from_friday_to_the_monday_after_next() {
        // the reference's longest closure: last bulletin Fri 17.08.2018, next Mon 27.08.2018
        assertThat(calendar.previousBusinessDay(day("2018-08-27"))).isEqualTo(day("2018-08-17"));
        assertThat(calendar.businessDays(day("2018-08-18"), day("2018-08-27"))).isEmpty();
    }

    @Test
    void kurban_bayrami_2026_and_2024() {
        assertThat(calendar.closure(day("2026-05-26"))).contains("Kurban Bayramı arifesi");
        assertThat(calendar.closure(day("2026-05-29"))).contains("Kurban Bayramı (3. gün)");
        assertThat(calendar.closure(day("2024-06-19"))).contains("Kurban Bayramı (4. gün)");
        assertThat(calendar.isBusinessDay(day("2024-06-20"))).isTrue(); // administrative leave: TCMB publishes
    }

    @Test
    void every_fixture_bulletin_date_is_a_business_day() {
        assertThat(calendar.isBusinessDay(Fixtures.TCMB_2016)).isTrue();
        assertThat(calendar.isBusinessDay(Fixtures.TCMB_2020)).isTrue();
        assertThat(calendar.isBusinessDay(Fixtures.TCMB_2024)).isTrue();
    }

    @Test
    void every_evds_row_with_values_is_dated_the_business_day_after_a_bulletin_and_every_null_row_is_not() {
        var rows = new EvdsResponseParser(Json.MAPPER, EvdsCurrency.DEFAULT).parse(Fixtures.evdsFx());

        for (var row : rows) {
            LocalDate holds = calendar.previousBusinessDay(row.evdsDate());
            // a row carries values exactly when TCMB determined rates the business day before it and the row's
            // own day is one EVDS publishes on (not a weekend or a bayram day; the arife day is)
            boolean publishes = calendar.isBusinessDay(row.evdsDate())
                    || calendar.closure(row.evdsDate()).orElse("").endsWith("arifesi");
            assertThat(row.empty())
                    .as("row %s (holds %s)", row.evdsDate(), holds)
                    .isEqualTo(!publishes);
        }
    }

    @Test
    void outside_its_years_it_knows_weekends_and_fixed_holidays_only() {
        assertThat(calendar.covers(day("2032-12-31"))).isTrue();
        assertThat(calendar.covers(day("2033-01-03"))).isFalse();
        assertThat(calendar.isBusinessDay(day("2033-01-03"))).isTrue();
        assertThat(calendar.closure(day("2033-01-01"))).isPresent();
        assertThat(calendar.closure(day("2033-04-23"))).isPresent();
    }
}
