package com.aliaport.ops.exchangerate.tcmb;

import static com.aliaport.ops.exchangerate.Fixtures.TCMB_2016;
import static com.aliaport.ops.exchangerate.Fixtures.TCMB_2020;
import static com.aliaport.ops.exchangerate.Fixtures.TCMB_2024;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.exchangerate.Bulletin;
import com.aliaport.ops.exchangerate.CurrencyRate;
import com.aliaport.ops.exchangerate.Fixtures;
import com.aliaport.ops.exchangerate.MalformedBulletinException;
import com.aliaport.ops.exchangerate.Source;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TcmbBulletinParserTest {
    private final TcmbBulletinParser parser = new TcmbBulletinParser(TcmbRateSource.MAX_BYTES);

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** Sum of one column over all currencies that have it: with the counts, checks every value of a fixture. */
    private static BigDecimal sum(Bulletin b, Function<CurrencyRate, BigDecimal> column) {
        return b.rates().stream().map(column).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static long count(Bulletin b, Function<CurrencyRate, BigDecimal> column) {
        return b.rates().stream().map(column).filter(Objects::nonNull).count();
    }

    @Test
    void parses_the_2024_archive_bulletin_with_exact_values() {
        Bulletin b = parser.parse(Fixtures.tcmb(TCMB_2024));

        assertThat(b.date()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(b.bulletinNo()).contains("2024/22");
        assertThat(b.source()).isEqualTo(Source.TCMB);
        assertThat(b.skipped()).isEmpty();
        assertThat(b.rates())
                .extracting(CurrencyRate::code)
                .containsExactly(
                        "USD", "AUD", "DKK", "EUR", "GBP", "CHF", "SEK", "CAD", "KWD", "NOK", "SAR", "JPY", "BGN",
                        "RON", "RUB", "IRR", "CNY", "PKR", "QAR", "KRW", "AZN", "AED", "XDR");
        assertThat(b.rate("USD"))
                .contains(new CurrencyRate(
                        "USD",
                        1,
                        "ABD DOLARI",
                        "US DOLLAR",
                        d("30.2952"),
                        d("30.3497"),
                        d("30.2740"),
                        d("30.3953"),
                        null,
                        null));
        assertThat(b.rate("GBP"))
                .contains(new CurrencyRate(
                        "GBP",
                        1,
                        "İNGİLİZ STERLİNİ",
                        "POUND STERLING",
                        d("38.3398"),
                        d("38.5397"),
                        d("38.3130"),
                        d("38.5975"),
                        null,
                        d("1.2677")));
        assertThat(b.rate("JPY"))
                .contains(new CurrencyRate(
                        "JPY",
                        100,
                        "JAPON YENİ",
                        "JAPENESE YEN",
                        d("20.4569"),
                        d("20.5924"),
                        d("20.3812"),
                        d("20.6706"),
                        d("147.74"),
                        null));
        assertThat(b.rate("IRR"))
                .contains(new CurrencyRate(
                        "IRR",
                        100,
                        "İRAN RİYALİ",
                        "IRANIAN RIAL",
                        d("0.07173"),
                        d("0.07267"),
                        null,
                        null,
                        d("42000"),
                        null));
        assertThat(b.rate("XDR"))
                .contains(new CurrencyRate(
                        "XDR",
                        1,
                        "ÖZEL ÇEKME HAKKI (SDR)",
                        "SPECIAL DRAWING RIGHT (SDR)",
                        d("40.3103"),
                        null,
                        null,
                        null,
                        null,
                        d("1.32939")));
        // every other value, column by column (sums computed independently from the file)
        assertThat(sum(b, CurrencyRate::forexBuying)).isEqualByComparingTo("417.94963");
        assertThat(sum(b, CurrencyRate::forexSelling)).isEqualByComparingTo("380.72459");
        assertThat(sum(b, CurrencyRate::banknoteBuying)).isEqualByComparingTo("313.5846");
        assertThat(sum(b, CurrencyRate::banknoteSelling)).isEqualByComparingTo("319.8294");
        assertThat(sum(b, CurrencyRate::crossRateUsd)).isEqualByComparingTo("43906.5365");
        assertThat(sum(b, CurrencyRate::crossRateOther)).isEqualByComparingTo("6.93029");
        assertThat(count(b, CurrencyRate::forexSelling)).isEqualTo(22);
        assertThat(count(b, CurrencyRate::banknoteBuying)).isEqualTo(12);
        assertThat(count(b, CurrencyRate::crossRateUsd)).isEqualTo(18);
    }

    @Test
    void parses_the_2020_utf8_bulletin_trimming_the_padded_names() {
        Bulletin b = parser.parse(Fixtures.tcmb(TCMB_2020));

        assertThat(b.date()).isEqualTo(LocalDate.of(2020, 10, 8));
        assertThat(b.bulletinNo()).contains("2020/192");
        assertThat(b.rates())
                .hasSize(20)
                .extracting(CurrencyRate::code)
                .contains("QAR")
                .doesNotContain("KRW");
        assertThat(b.rate("USD"))
                .contains(new CurrencyRate(
                        "USD",
                        1,
                        "ABD DOLARI",
                        "US DOLLAR",
                        d("7.8931"),
                        d("7.9073"),
                        d("7.8876"),
                        d("7.9192"),
                        null,
                        null));
        assertThat(b.rate("DKK").orElseThrow().nameTr()).isEqualTo("DANİMARKA KRONU");
        assertThat(b.rate("XDR"))
                .contains(new CurrencyRate(
                        "XDR",
                        1,
                        "ÖZEL ÇEKME HAKKI (SDR)",
                        "SPECIAL DRAWING RIGHT (SDR)",
                        d("11.1446"),
                        null,
                        null,
                        null,
                        null,
                        d("1.41066")));
        assertThat(sum(b, CurrencyRate::forexBuying)).isEqualByComparingTo("106.91874");
        assertThat(sum(b, CurrencyRate::forexSelling)).isEqualByComparingTo("96.51841");
        assertThat(sum(b, CurrencyRate::banknoteBuying)).isEqualByComparingTo("85.17063");
        assertThat(sum(b, CurrencyRate::banknoteSelling)).isEqualByComparingTo("86.84393");
        assertThat(sum(b, CurrencyRate::crossRateUsd)).isEqualByComparingTo("42395.6765");
        assertThat(sum(b, CurrencyRate::crossRateOther)).isEqualByComparingTo("7.14466");
        assertThat(count(b, CurrencyRate::forexSelling)).isEqualTo(19);
    }

    @Test
    void parses_the_2016_iso_8859_9_bulletin_from_its_bytes() {
        byte[] raw = Fixtures.tcmb(TCMB_2016);
        // the Turkish İ is one byte (0xDD) in ISO-8859-9: the file really is in that encoding
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).contains("DAN\u00DDMARKA");

        Bulletin b = parser.parse(raw);

        assertThat(b.date()).isEqualTo(TCMB_2016);
        assertThat(b.bulletinNo()).contains("2016/52");
        assertThat(b.rates()).hasSize(19);
        assertThat(b.rate("DKK").orElseThrow().nameTr()).isEqualTo("DANİMARKA KRONU");
        assertThat(b.rate("GBP").orElseThrow().nameTr()).isEqualTo("İNGİLİZ STERLİNİ");
        // trailing zeros were stripped in that era; the value is kept as written
        assertThat(b.rate("GBP").orElseThrow().banknoteSelling()).isEqualTo(d("4.115"));
        assertThat(b.rate("USD").orElseThrow().crossRateUsd()).isEqualTo(d("1"));
        assertThat(b.rate("XDR"))
                .contains(new CurrencyRate("XDR", 1, null, null, d("4.0259"), null, null, null, null, d("1.39412")));
        assertThat(sum(b, CurrencyRate::forexBuying)).isEqualByComparingTo("38.23918");
        assertThat(sum(b, CurrencyRate::forexSelling)).isEqualByComparingTo("34.47642");
        assertThat(sum(b, CurrencyRate::banknoteBuying)).isEqualByComparingTo("31.16633");
        assertThat(sum(b, CurrencyRate::banknoteSelling)).isEqualByComparingTo("31.78427");
        assertThat(sum(b, CurrencyRate::crossRateUsd)).isEqualByComparingTo("30559.8441");
        assertThat(sum(b, CurrencyRate::crossRateOther)).isEqualByComparingTo("7.24582");
    }

    @Test
    void the_same_bulletin_reads_the_same_in_utf8_and_in_iso_8859_9() {
        String utf8 = Fixtures.tcmb2024Text();
        byte[] iso =
                utf8.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-9\"").getBytes(Charset.forName("ISO-8859-9"));
        assertThat(iso).isNotEqualTo(utf8.getBytes(StandardCharsets.UTF_8));

        assertThat(parser.parse(iso)).isEqualTo(parser.parse(utf8.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void empty_self_closed_and_blank_only_elements_are_all_null() {
        String xml = Fixtures.tcmb2024Text()
                .replace("<BanknoteBuying>30.2740</BanknoteBuying>", "<BanknoteBuying>\n\t\t</BanknoteBuying>")
                .replace("<BanknoteSelling>30.3953</BanknoteSelling>", "<BanknoteSelling/>");

        CurrencyRate usd =
                parser.parse(xml.getBytes(StandardCharsets.UTF_8)).rate("USD").orElseThrow();

        assertThat(usd.banknoteBuying()).isNull();
        assertThat(usd.banknoteSelling()).isNull();
        assertThat(usd.forexBuying()).isEqualTo(d("30.2952"));
    }

    @Test
    void a_2010_style_bulletin_without_bulletin_number_or_cross_order_keeps_unknown_and_skips_legacy_entries() {
        String xml = """
                <?xml version="1.0" encoding="iso-8859-9"?>
                <Tarih_Date Tarih="06.08.2010" Date="08/06/2010">
                <Currency Kod="USD" CurrencyCode="USD"><Unit>1</Unit><Isim>AMERİKAN DOLARI</Isim>
                <CurrencyName>US DOLLAR</CurrencyName><ForexBuying>1.4962</ForexBuying><ForexSelling>1.5034</ForexSelling>
                <BanknoteBuying>1.4952</BanknoteBuying><BanknoteSelling>1.5057</BanknoteSelling><CrossRateUSD>1</CrossRateUSD></Currency>
                <Currency Kod="XYZ"><Isim>  YENİ PARA  </Isim><ForexBuying>2.5</ForexBuying></Currency>
                <Currency Kod="DEM" CurrencyCode="DEM"><Isim>ALMAN MARKI</Isim><CurrencyName>GERMAN MARK</CurrencyName><CrossRateEuro>1.95583</CrossRateEuro></Currency>
                </Tarih_Date>
                """;

        Bulletin b = parser.parse(xml.getBytes(Charset.forName("ISO-8859-9")));

        assertThat(b.date()).isEqualTo(LocalDate.of(2010, 8, 6));
        assertThat(b.bulletinNo()).isEmpty();
        assertThat(b.rates()).extracting(CurrencyRate::code).containsExactly("USD", "XYZ");
        assertThat(b.rate("XYZ"))
                .contains(new CurrencyRate("XYZ", 1, "YENİ PARA", null, d("2.5"), null, null, null, null, null));
        assertThat(b.skipped()).containsExactly("DEM");
    }

    @Test
    void falls_back_to_the_us_date_attribute_when_tarih_is_missing() {
        String xml = Fixtures.tcmb2024Text().replace("Tarih=\"31.01.2024\"", "");

        assertThat(parser.parse(xml.getBytes(StandardCharsets.UTF_8)).date()).isEqualTo(TCMB_2024);
    }

    @Test
    void refuses_a_doctype_so_no_external_entity_is_ever_read() {
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Tarih_Date [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <Tarih_Date Tarih="31.01.2024"><Currency Kod="USD"><Isim>&secret;</Isim><ForexBuying>1</ForexBuying></Currency></Tarih_Date>
                """;

        assertThatThrownBy(() -> parser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBulletinException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void refuses_an_entity_expansion_bomb() {
        String bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <Tarih_Date Tarih="31.01.2024">&lol2;</Tarih_Date>
                """;

        assertThatThrownBy(() -> parser.parse(bomb.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBulletinException.class);
    }

    @Test
    void a_truncated_body_is_malformed() {
        byte[] whole = Fixtures.tcmb(TCMB_2024);

        assertThatThrownBy(() -> parser.parse(Arrays.copyOf(whole, whole.length / 2)))
                .isInstanceOf(MalformedBulletinException.class)
                .hasMessageContaining("not well-formed XML");
    }

    @Test
    void an_html_error_page_is_not_a_bulletin() {
        String xhtml = "<html><head><title>Hata</title></head><body><h1>Sayfa bulunamadı</h1></body></html>";
        String html = "<!DOCTYPE html><html><body><p>Service Unavailable<br></body></html>";

        assertThatThrownBy(() -> parser.parse(xhtml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBulletinException.class)
                .hasMessageContaining("root element <html>");
        assertThatThrownBy(() -> parser.parse(html.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBulletinException.class);
    }

    @Test
    void a_body_over_the_cap_is_refused_before_parsing() {
        TcmbBulletinParser small = new TcmbBulletinParser(1_000);

        assertThatThrownBy(() -> small.parse(Fixtures.tcmb(TCMB_2024)))
                .isInstanceOf(MalformedBulletinException.class)
                .hasMessageContaining("larger than the 1000-byte cap");
    }

    @Test
    void an_empty_body_and_a_rate_that_is_not_a_number_are_malformed() {
        assertThatThrownBy(() -> parser.parse(new byte[0])).hasMessageContaining("empty");
        String bad = Fixtures.withUsd(Fixtures.tcmb2024Text(), "ForexSelling", "30,3497");

        assertThatThrownBy(() -> parser.parse(bad.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBulletinException.class)
                .hasMessageContaining("USD ForexSelling '30,3497' is not a number");
    }

    @Test
    void a_missing_unit_means_one() {
        String xml = Fixtures.tcmb2024Text().replaceFirst("<Unit>1</Unit>", "");

        assertThat(parser.parse(xml.getBytes(StandardCharsets.UTF_8))
                        .rate("USD")
                        .map(CurrencyRate::unit))
                .isEqualTo(Optional.of(1));
    }
}
