package com.aliaport.ops.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DemoDataSeederIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-16T09:00:00Z"), ZoneOffset.UTC);
    private static final SeedScale SCALE =
            SeedScale.small().withMovements(5_000).withAuditEvents(2_000);

    @Test
    void fills_every_domain_table_with_valid_realistic_rows(Database db) {
        DSLContext dsl = db.dsl();

        SeedReport report = new DemoDataSeeder(dsl, CLOCK).seed(SCALE);

        assertThat(report.customers()).isEqualTo(60);
        assertThat(count(dsl, "SELECT count(*) FROM cari_hesaplar")).isEqualTo(60);
        assertThat(count(dsl, "SELECT count(*) FROM gemiler")).isEqualTo(80);
        assertThat(count(dsl, "SELECT count(*) FROM barinma_kayitlari")).isEqualTo(1_500);
        assertThat(count(dsl, "SELECT count(*) FROM cari_hareketler"))
                .isEqualTo(5_000)
                .isEqualTo(report.movements());
        assertThat(count(dsl, "SELECT count(*) FROM manifesto_kalemleri")).isEqualTo(report.manifestItems());
        assertThat(count(dsl, "SELECT count(*) FROM audit_events")).isEqualTo(2_000);
        // valid tax numbers, IMO numbers and container numbers; real flag codes
        assertThat(dsl.fetch("SELECT vergi_no FROM cari_hesaplar").getValues(0, String.class))
                .allMatch(Vkn::isValid);
        assertThat(dsl.fetch("SELECT imo_no FROM gemiler").getValues(0, String.class))
                .allMatch(ImoNumber::isValid);
        assertThat(dsl.fetch("SELECT konteyner_no FROM manifesto_kalemleri WHERE konteyner_no IS NOT NULL LIMIT 500")
                        .getValues(0, String.class))
                .isNotEmpty()
                .allMatch(ContainerNumber::isValid);
        assertThat(dsl.fetch("SELECT DISTINCT bayrak FROM gemiler").getValues(0, String.class))
                .allMatch(DemoNames.FLAGS::contains);
        // stays billed in the three currencies; manifests of dozens to hundreds of items
        assertThat(dsl.fetch("SELECT DISTINCT para_birimi FROM barinma_kayitlari")
                        .getValues(0, String.class))
                .containsExactlyInAnyOrder("TRY", "USD", "EUR");
        assertThat(count(
                        dsl, "SELECT min(n) FROM (SELECT count(*) n FROM manifesto_kalemleri GROUP BY manifesto_id) x"))
                .isGreaterThanOrEqualTo(12);
        assertThat(count(
                        dsl, "SELECT max(n) FROM (SELECT count(*) n FROM manifesto_kalemleri GROUP BY manifesto_id) x"))
                .isGreaterThan(100);
        // two years of movements, weekends included; audit events over the last 200 days
        assertThat(count(dsl, "SELECT max(tarih) - min(tarih) FROM cari_hareketler"))
                .isBetween(700L, 732L);
        assertThat(count(dsl, "SELECT count(*) FROM cari_hareketler WHERE extract(isodow FROM tarih) IN (6, 7)"))
                .isPositive();
        assertThat(
                        count(
                                dsl,
                                "SELECT count(*) FROM audit_events WHERE created_at < '2026-03-16T09:00:00Z'::timestamptz - interval '200 days'"))
                .isZero();
        assertThat(count(dsl, "SELECT count(*) FROM audit_events WHERE created_at < now() - interval '90 days'"))
                .isPositive();
        // demo rates, clearly marked, covering every movement's currency and date
        assertThat(report.demoRates()).isPositive();
        assertThat(dsl.fetch("SELECT DISTINCT kaynak || '/' || bulten_no FROM kurlar")
                        .getValues(0, String.class))
                .containsExactly("DEMO/DEMO");
        assertThat(count(dsl, """
                SELECT count(*) FROM cari_hareketler h WHERE h.para_birimi <> 'TRY'
                AND NOT EXISTS (SELECT 1 FROM kurlar k WHERE k.doviz_kodu = h.para_birimi AND k.tarih <= h.tarih)""")).isZero();
    }

    @Test
    void the_same_seed_and_clock_give_the_same_rows(Database first) {
        new DemoDataSeeder(first.dsl(), CLOCK).seed(SCALE);
        String before = fingerprint(first.dsl());

        new DemoDataSeeder(first.dsl(), CLOCK).replace(SCALE);

        assertThat(fingerprint(first.dsl())).isEqualTo(before);
        new DemoDataSeeder(first.dsl(), CLOCK).replace(SCALE.withSeed(7));
        assertThat(fingerprint(first.dsl())).isNotEqualTo(before);
    }

    @Test
    void refuses_to_seed_over_existing_data(Database db) {
        DemoDataSeeder seeder = new DemoDataSeeder(db.dsl(), CLOCK);
        seeder.seed(SCALE.withMovements(10));

        assertThat(seeder.hasDomainData()).isTrue();
        assertThatThrownBy(() -> seeder.seed(SCALE))
                .isInstanceOf(SeedException.class)
                .hasMessageContaining("--replace");
        assertThat(count(db.dsl(), "SELECT count(*) FROM cari_hareketler")).isEqualTo(10);
    }

    @Test
    void a_big_load_puts_back_the_indexes_and_foreign_keys_it_set_aside(Database db) {
        DSLContext dsl = db.dsl();
        String before = schemaOf(dsl);

        new DemoDataSeeder(dsl, CLOCK).seed(SCALE.withMovements(120_000));

        assertThat(schemaOf(dsl)).isEqualTo(before);
        assertThat(count(dsl, "SELECT count(*) FROM cari_hareketler")).isEqualTo(120_000);
        assertThatThrownBy(
                        () -> dsl.execute(
                                "INSERT INTO cari_hareketler (cari_kodu, tarih, belge_no) VALUES ('nobody', '2025-01-01', 'X')"))
                .hasMessageContaining("foreign key");
    }

    private static String schemaOf(DSLContext dsl) {
        return dsl.fetchOne("""
                SELECT string_agg(d, E'\n' ORDER BY d) FROM (
                    SELECT pg_get_indexdef(indexrelid) d FROM pg_index WHERE indrelid = 'cari_hareketler'::regclass
                    UNION ALL
                    SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'cari_hareketler'::regclass) x
                """).get(0, String.class);
    }

    private static long count(DSLContext dsl, String sql) {
        return dsl.fetchOne(sql).get(0, Long.class);
    }

    private static String fingerprint(DSLContext dsl) {
        return dsl.fetchOne("""
                SELECT md5((SELECT string_agg(cari_kodu || unvan || vergi_no, ',' ORDER BY cari_kodu) FROM cari_hesaplar)
                        || (SELECT string_agg(imo_no || gemi_adi, ',' ORDER BY imo_no) FROM gemiler)
                        || (SELECT string_agg(imo_no || giris || tutar, ',' ORDER BY id) FROM barinma_kayitlari)
                        || (SELECT string_agg(konsimento_no || brut_kg, ',' ORDER BY id) FROM manifesto_kalemleri)
                        || (SELECT string_agg(belge_no || tarih || borc || alacak, ',' ORDER BY id) FROM cari_hareketler))
                """).get(0, String.class);
    }
}
