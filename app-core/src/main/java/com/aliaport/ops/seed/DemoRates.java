package com.aliaport.ops.seed;

import static com.aliaport.ops.db.generated.Tables.KURLAR;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep11;

/**
 * Invented exchange rates for the demo period, so that TRY amounts in the reports work without a network. They
 * are stored with {@code kaynak = 'DEMO'} and {@code bulten_no = 'DEMO'}: never mistaken for TCMB's, and a real
 * sync overwrites them. A currency that already has any rate in the period is left alone.
 */
final class DemoRates {
    private record Anchor(String code, int unit, String nameTr, String nameEn, BigDecimal buying) {}

    // Levels near the real TCMB buying rates of 3 March 2026 (EVDS fixture), so the demo looks plausible.
    private static final LocalDate ANCHOR_DATE = LocalDate.of(2026, 3, 3);
    private static final List<Anchor> ANCHORS = List.of(
            new Anchor("USD", 1, "ABD DOLARI", "US DOLLAR", new BigDecimal("43.8850")),
            new Anchor("EUR", 1, "EURO", "EURO", new BigDecimal("51.4738")),
            new Anchor("GBP", 1, "İNGİLİZ STERLİNİ", "POUND STERLING", new BigDecimal("58.6229")),
            new Anchor("JPY", 100, "JAPON YENİ", "JAPENESE YEN", new BigDecimal("27.8925")));
    /** The lira lost about 19 % a year against these in 2024–2026. */
    private static final double YEARLY_DRIFT = 1.19;

    private static final Set<MonthDay> FIXED_HOLIDAYS = Set.of(
            MonthDay.of(1, 1),
            MonthDay.of(4, 23),
            MonthDay.of(5, 1),
            MonthDay.of(5, 19),
            MonthDay.of(7, 15),
            MonthDay.of(8, 30),
            MonthDay.of(10, 29));

    private final DSLContext dsl;

    DemoRates(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Inserts a rate per business day for every currency with none in {@code [from, to]}; returns the rows. */
    int fillMissing(LocalDate from, LocalDate to, SplittableRandom random) {
        int written = 0;
        for (Anchor anchor : ANCHORS) {
            SplittableRandom own = random.split();
            boolean present = dsl.fetchExists(dsl.selectOne()
                    .from(KURLAR)
                    .where(KURLAR.DOVIZ_KODU.eq(anchor.code()))
                    .and(KURLAR.TARIH.between(from, to)));
            if (present) {
                continue;
            }
            InsertValuesStep11<
                            ?,
                            LocalDate,
                            String,
                            Integer,
                            String,
                            String,
                            BigDecimal,
                            BigDecimal,
                            BigDecimal,
                            BigDecimal,
                            String,
                            String>
                    insert = dsl.insertInto(
                            KURLAR,
                            KURLAR.TARIH,
                            KURLAR.DOVIZ_KODU,
                            KURLAR.BIRIM,
                            KURLAR.DOVIZ_ADI,
                            KURLAR.CURRENCY_NAME,
                            KURLAR.ALIS,
                            KURLAR.SATIS,
                            KURLAR.EFEKTIF_ALIS,
                            KURLAR.EFEKTIF_SATIS,
                            KURLAR.KAYNAK,
                            KURLAR.BULTEN_NO);
            int rows = 0;
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                if (!isBusinessDay(day)) {
                    continue;
                }
                double years = ChronoUnit.DAYS.between(ANCHOR_DATE, day) / 365.25;
                double wave = 1 + 0.004 * Math.sin(day.toEpochDay() / 6.0) + 0.0015 * own.nextGaussian();
                BigDecimal buying = anchor.buying()
                        .multiply(BigDecimal.valueOf(Math.pow(YEARLY_DRIFT, years) * wave))
                        .setScale(4, RoundingMode.HALF_UP);
                insert = insert.values(
                        day,
                        anchor.code(),
                        anchor.unit(),
                        anchor.nameTr(),
                        anchor.nameEn(),
                        buying,
                        scaled(buying, "1.0018"),
                        scaled(buying, "0.9993"),
                        scaled(buying, "1.0033"),
                        "DEMO",
                        "DEMO");
                rows++;
            }
            if (rows > 0) {
                written += insert.onConflictDoNothing().execute();
            }
        }
        return written;
    }

    private static BigDecimal scaled(BigDecimal buying, String factor) {
        return buying.multiply(new BigDecimal(factor)).setScale(4, RoundingMode.HALF_UP);
    }

    static boolean isBusinessDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY
                && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !FIXED_HOLIDAYS.contains(MonthDay.from(day));
    }
}
