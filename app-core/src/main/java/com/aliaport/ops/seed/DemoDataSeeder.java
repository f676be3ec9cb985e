package com.aliaport.ops.seed;

import static com.aliaport.ops.db.generated.Tables.CARI_HESAPLAR;
import static com.aliaport.ops.db.generated.Tables.GEMILER;
import static com.aliaport.ops.seed.DemoNames.pick;

import com.aliaport.ops.seed.db.BulkLoad;
import com.aliaport.ops.seed.db.CopyStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the domain tables with realistic demo data: customers with valid tax numbers, vessels with valid IMO
 * numbers and real flag codes, berthing stays billed in TRY, USD and EUR, manifests with dozens to thousands of
 * items, two years of account movements, audit events, and demo exchange rates where {@code kurlar} has none.
 *
 * <p>Everything is written in one transaction with {@code COPY}, so a failed run leaves nothing behind. The same
 * {@link SeedScale} (with its seed) and the same clock always give the same rows.
 */
public final class DemoDataSeeder {
    static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final Locale TURKISH = Locale.forLanguageTag("tr");
    private static final Logger log = LoggerFactory.getLogger(DemoDataSeeder.class);
    private static final long BULK_ROWS = 100_000;

    private final DSLContext dsl;
    private final Clock clock;

    public DemoDataSeeder(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** True when customers or vessels exist already: {@link #seed} refuses then, {@link #replace} clears them. */
    public boolean hasDomainData() {
        return dsl.fetchExists(CARI_HESAPLAR) || dsl.fetchExists(GEMILER);
    }

    /** Seeds an empty domain; throws {@link SeedException} when there is data already. */
    public SeedReport seed(SeedScale scale) {
        return run(scale, false);
    }

    /**
     * Empties the domain tables (not {@code kurlar}, not the audit log) and seeds them again, in one transaction.
     */
    public SeedReport replace(SeedScale scale) {
        return run(scale, true);
    }

    private SeedReport run(SeedScale scale, boolean replace) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ISTANBUL);
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            if (replace) {
                t.execute("TRUNCATE manifesto_kalemleri, manifestolar, barinma_kayitlari, cari_hareketler, gemiler,"
                        + " cari_hesaplar RESTART IDENTITY");
            } else if (t.fetchExists(CARI_HESAPLAR) || t.fetchExists(GEMILER)) {
                throw new SeedException(
                        "the domain tables already hold data; replace them explicitly (seed --replace)");
            }
            // One independent random stream per table: changing one count does not change the other tables.
            SplittableRandom root = new SplittableRandom(scale.seed());
            Generation g = new Generation(scale, now, today);
            int demoRates =
                    new DemoRates(t).fillMissing(today.minusDays(scale.historyDays() + 10L), today, root.split());
            return t.connectionResult(c -> {
                g.customers(c, root.split());
                g.vessels(c, root.split());
                SplittableRandom stayRandom = root.split();
                SplittableRandom manifestRandom = root.split();
                SplittableRandom movementRandom = root.split();
                SplittableRandom auditRandom = root.split();
                int stays = bulk(t, "barinma_kayitlari", scale.stays(), () -> g.stays(c, stayRandom));
                long items = bulk(
                        t,
                        "manifesto_kalemleri",
                        scale.manifests() * (long) scale.maxItemsPerManifest() / 4,
                        () -> g.manifests(c, t, manifestRandom));
                long movements = bulk(t, "cari_hareketler", scale.movements(), () -> g.movements(c, movementRandom));
                int audit = bulk(t, "audit_events", scale.auditEvents(), () -> g.auditEvents(c, auditRandom));
                return new SeedReport(
                        g.customers.size(),
                        g.vessels.size(),
                        stays,
                        scale.manifests(),
                        items,
                        movements,
                        audit,
                        demoRates,
                        Duration.ofNanos(System.nanoTime() - started));
            });
        });
    }

    /** Big loads go in without secondary indexes and foreign keys, which are put back (and checked) after. */
    private static <T> T bulk(DSLContext tx, String table, long expectedRows, Supplier<T> load) {
        long started = System.nanoTime();
        T result = expectedRows >= BULK_ROWS ? BulkLoad.withoutIndexesAndForeignKeys(tx, table, load) : load.get();
        log.info("demo data: {} rows into {} in {} ms", result, table, (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    private record Customer(String code, String name, String currency) {}

    private record Vessel(
            String imo, String name, String flag, String type, int grossTonnage, int agent, String currency) {}

    /** The generation of one run: what one table produced that the next one refers to. */
    private static final class Generation {
        private final SeedScale scale;
        private final Instant now;
        private final LocalDate today;
        private final List<Customer> customers = new ArrayList<>();
        private final List<Vessel> vessels = new ArrayList<>();
        private double[] customerWeights;

        Generation(SeedScale scale, Instant now, LocalDate today) {
            this.scale = scale;
            this.now = now;
            this.today = today;
        }

        void customers(Connection c, SplittableRandom random) {
            Set<String> taxNumbers = new HashSet<>();
            customerWeights = new double[scale.customers()];
            double cumulative = 0;
            try (CopyStream copy = CopyStream.open(
                    c,
                    "cari_hesaplar",
                    "cari_kodu",
                    "unvan",
                    "vergi_no",
                    "vergi_dairesi",
                    "para_birimi",
                    "sehir",
                    "adres",
                    "telefon",
                    "eposta",
                    "created_at")) {
                for (int i = 0; i < scale.customers(); i++) {
                    String code = "120.01.%04d".formatted(i + 1);
                    String name = DemoNames.company(random);
                    String vkn;
                    do {
                        vkn = Vkn.of("%09d".formatted(100_000_000 + random.nextInt(899_999_999)));
                    } while (!taxNumbers.add(vkn));
                    int roll = random.nextInt(100);
                    String currency = roll < 70 ? "TRY" : roll < 90 ? "USD" : "EUR";
                    String city = pick(DemoNames.CITIES, random);
                    customers.add(new Customer(code, name, currency));
                    // A few big customers and a long tail, as in any port's ledger.
                    cumulative += 1.0 / Math.pow(i + 1, 0.8);
                    customerWeights[i] = cumulative;
                    copy.text(code)
                            .text(name)
                            .text(vkn)
                            .text(pick(DemoNames.TAX_OFFICES, random))
                            .text(currency)
                            .text(city)
                            .text("%s Mah. %d. Sok. No:%d %s"
                                    .formatted(
                                            pick(
                                                    List.of(
                                                            "Atatürk",
                                                            "Cumhuriyet",
                                                            "Yeni",
                                                            "Liman",
                                                            "Sanayi",
                                                            "Çarşı"),
                                                    random),
                                            1 + random.nextInt(120),
                                            1 + random.nextInt(90),
                                            city))
                            .text("+90 %d %03d %02d %02d"
                                    .formatted(
                                            city.equals("İstanbul") ? 212 : city.equals("İzmir") ? 232 : 312,
                                            200 + random.nextInt(800),
                                            random.nextInt(100),
                                            random.nextInt(100)))
                            .text("muhasebe@" + DemoNames.slug(name) + ".com.tr")
                            .instant(now.minus(Duration.ofDays(scale.historyDays() + random.nextInt(2_000))));
                    copy.endRow();
                }
                copy.finish();
            }
        }

        void vessels(Connection c, SplittableRandom random) {
            Set<String> imos = new HashSet<>();
            try (CopyStream copy = CopyStream.open(
                    c, "gemiler", "imo_no", "gemi_adi", "bayrak", "gemi_tipi", "gross_tonnage", "loa_m", "insa_yili")) {
                for (int i = 0; i < scale.vessels(); i++) {
                    String imo;
                    do {
                        imo = ImoNumber.of("%06d".formatted(900_000 + random.nextInt(100_000)));
                    } while (!imos.add(imo));
                    String type = pick(DemoNames.VESSEL_TYPES, random);
                    int gt =
                            switch (type) {
                                case "Konteyner" -> 9_000 + random.nextInt(86_000);
                                case "Dökme Yük" -> 8_000 + random.nextInt(37_000);
                                case "Tanker" -> 5_000 + random.nextInt(55_000);
                                case "Ro-Ro" -> 10_000 + random.nextInt(30_000);
                                case "Genel Kargo" -> 2_000 + random.nextInt(10_000);
                                default -> 3_000 + random.nextInt(20_000);
                            };
                    String flag = pick(DemoNames.FLAGS, random);
                    String currency = flag.equals("TR") ? "TRY" : random.nextInt(10) < 7 ? "USD" : "EUR";
                    Vessel v = new Vessel(
                            imo, DemoNames.vessel(random), flag, type, gt, random.nextInt(scale.customers()), currency);
                    vessels.add(v);
                    copy.text(v.imo())
                            .text(v.name())
                            .text(v.flag())
                            .text(v.type())
                            .number(gt)
                            .text("%.2f".formatted(6.5 * Math.cbrt(gt) * (0.95 + random.nextDouble() * 0.1)))
                            .number(1995 + random.nextInt(30));
                    copy.endRow();
                }
                copy.finish();
            }
        }

        int stays(Connection c, SplittableRandom random) {
            long historySeconds = scale.historyDays() * 86_400L;
            try (CopyStream copy = CopyStream.open(
                    c,
                    "barinma_kayitlari",
                    "imo_no",
                    "cari_kodu",
                    "rihtim",
                    "giris",
                    "cikis",
                    "tarife_kodu",
                    "tutar",
                    "para_birimi",
                    "created_at")) {
                for (int i = 0; i < scale.stays(); i++) {
                    Vessel v = vessels.get(random.nextInt(vessels.size()));
                    Customer agent =
                            customers.get(random.nextInt(10) < 8 ? v.agent() : random.nextInt(customers.size()));
                    Instant giris =
                            now.minusSeconds(random.nextLong(historySeconds)).truncatedTo(ChronoUnit.MINUTES);
                    int hours =
                            switch (v.type()) {
                                case "Konteyner", "Ro-Ro" -> 8 + random.nextInt(40);
                                case "Dökme Yük", "Genel Kargo" -> 36 + random.nextInt(200);
                                default -> 20 + random.nextInt(80);
                            };
                    Instant cikis = giris.plus(Duration.ofHours(hours).plusMinutes(random.nextInt(60)));
                    boolean open = cikis.isAfter(now);
                    long billedSeconds =
                            Duration.between(giris, open ? now : cikis).toSeconds();
                    long days = Math.max(1, (billedSeconds + 86_399) / 86_400);
                    // Tariff per gross ton and started day, with a minimum charge per stay.
                    double perGtDay =
                            switch (v.currency()) {
                                case "TRY" -> 1.45;
                                case "USD" -> 0.045;
                                default -> 0.041;
                            };
                    double minimum = v.currency().equals("TRY") ? 5_000 : 150;
                    long cents = Math.round(Math.max(minimum, v.grossTonnage() * perGtDay * days) * 100);
                    copy.text(v.imo())
                            .text(agent.code())
                            .text(berthFor(v.type(), random))
                            .instant(giris)
                            .instant(open ? null : cikis)
                            .text("BRN-" + tariffCode(v.type()))
                            .cents(cents)
                            .text(v.currency())
                            .instant(giris.plusSeconds(600));
                    copy.endRow();
                }
                copy.finish();
            }
            return scale.stays();
        }

        long manifests(Connection c, DSLContext t, SplittableRandom random) {
            if (scale.manifests() == 0) {
                return 0;
            }
            List<Long> ids = t.fetch(
                            "SELECT nextval(pg_get_serial_sequence('manifestolar', 'id')) FROM generate_series(1, ?)",
                            scale.manifests())
                    .getValues(0, Long.class);
            record Manifest(long id, Vessel vessel, String direction, long seed) {}
            List<Manifest> manifests = new ArrayList<>();
            try (CopyStream copy = CopyStream.open(
                    c,
                    "manifestolar",
                    "id",
                    "imo_no",
                    "sefer_no",
                    "tarih",
                    "yon",
                    "yukleme_limani",
                    "bosaltma_limani",
                    "created_at")) {
                for (long id : ids) {
                    Vessel v = vessels.get(random.nextInt(vessels.size()));
                    int roll = random.nextInt(20);
                    String direction = roll < 9 ? "IHRACAT" : roll < 18 ? "ITHALAT" : "TRANSIT";
                    LocalDate date = today.minusDays(random.nextInt(scale.historyDays()));
                    String foreign = pick(DemoNames.FOREIGN_PORTS, random);
                    String loading =
                            direction.equals("ITHALAT") || direction.equals("TRANSIT") ? foreign : DemoNames.HOME_PORT;
                    String discharge = direction.equals("IHRACAT")
                            ? foreign
                            : direction.equals("ITHALAT") ? DemoNames.HOME_PORT : pick(DemoNames.FOREIGN_PORTS, random);
                    manifests.add(new Manifest(id, v, direction, random.nextLong()));
                    copy.number(id)
                            .text(v.imo())
                            .text("%03d%s"
                                    .formatted(1 + random.nextInt(640), pick(List.of("E", "W", "N", "S"), random)))
                            .date(date)
                            .text(direction)
                            .text(loading)
                            .text(discharge)
                            .instant(date.atTime(9, 0).atZone(ISTANBUL).toInstant());
                    copy.endRow();
                }
                copy.finish();
            }
            try (CopyStream copy = CopyStream.open(
                    c,
                    "manifesto_kalemleri",
                    "manifesto_id",
                    "sira_no",
                    "konsimento_no",
                    "gonderici",
                    "alici",
                    "esya_tanimi",
                    "kap_adedi",
                    "kap_cinsi",
                    "brut_kg",
                    "konteyner_no")) {
                for (Manifest m : manifests) {
                    items(copy, m.id(), m.vessel(), m.direction(), new SplittableRandom(m.seed()));
                }
                return copy.finish();
            }
        }

        private void items(CopyStream copy, long manifestId, Vessel vessel, String direction, SplittableRandom random) {
            double logMin = Math.log(scale.minItemsPerManifest() + 1.0);
            double logMax = Math.log(scale.maxItemsPerManifest() + 1.0);
            int count = (int) Math.round(Math.exp(logMin + random.nextDouble() * (logMax - logMin))) - 1;
            count = Math.clamp(count, scale.minItemsPerManifest(), scale.maxItemsPerManifest());
            boolean containers = vessel.type().equals("Konteyner");
            if (!containers && !vessel.type().equals("Genel Kargo")) {
                // Bulk carriers, tankers and ro-ro ships declare a few dozen parcels, not thousands.
                count = Math.min(count, scale.minItemsPerManifest() + random.nextInt(30));
            }
            // A manifest has a handful of parties on the foreign side and some Turkish ones at home.
            List<String> turkish = new ArrayList<>();
            List<String> foreign = new ArrayList<>();
            int parties = 3 + random.nextInt(25);
            for (int p = 0; p < parties; p++) {
                turkish.add(
                        random.nextInt(3) == 0
                                ? customers
                                        .get(random.nextInt(customers.size()))
                                        .name()
                                : DemoNames.company(random));
                foreign.add(DemoNames.foreignCompany(random));
            }
            String carrier = pick(DemoNames.CARRIER_PREFIXES, random);
            int itemsLeftInBl = 0;
            String bl = null;
            String shipper = null;
            String consignee = null;
            for (int sira = 1; sira <= count; sira++) {
                if (itemsLeftInBl == 0) {
                    itemsLeftInBl = 1 + random.nextInt(5);
                    bl = carrier + "%08d".formatted(random.nextInt(100_000_000));
                    String home = pick(turkish, random);
                    String away = pick(foreign, random);
                    shipper = direction.equals("IHRACAT") ? home : away;
                    consignee = direction.equals("ITHALAT") ? home : away;
                }
                itemsLeftInBl--;
                // Containers carry packed goods; bulk carriers and tankers a few big parcels; ro-ro carries vehicles.
                String goods;
                int packages;
                long grams;
                String kind;
                switch (vessel.type()) {
                    case "Konteyner", "Genel Kargo" -> {
                        goods = pick(DemoNames.GOODS, random);
                        packages = 10 + random.nextInt(990);
                        grams = 2_000_000L + random.nextLong(26_000_000L);
                        kind = pick(DemoNames.PACKAGE_KINDS, random);
                    }
                    case "Ro-Ro" -> {
                        goods = pick(DemoNames.RORO_GOODS, random);
                        packages = 1 + random.nextInt(60);
                        grams = packages * (1_200_000L + random.nextLong(14_000_000L));
                        kind = "Adet";
                    }
                    case "Dökme Yük" -> {
                        goods = pick(DemoNames.BULK_GOODS, random);
                        packages = 1;
                        grams = 300_000_000L + random.nextLong(4_700_000_000L);
                        kind = "Dökme";
                    }
                    default -> {
                        goods = pick(DemoNames.LIQUID_GOODS, random);
                        packages = 1;
                        grams = 500_000_000L + random.nextLong(9_500_000_000L);
                        kind = "Dökme";
                    }
                }
                copy.number(manifestId)
                        .number(sira)
                        .text(bl)
                        .text(shipper)
                        .text(consignee)
                        .text(goods)
                        .number(packages)
                        .text(kind)
                        .number(BigDecimal.valueOf(grams, 3))
                        .text(
                                containers
                                        ? ContainerNumber.of(pick(DemoNames.CONTAINER_OWNERS, random)
                                                + "%06d".formatted(random.nextInt(1_000_000)))
                                        : null);
                copy.endRow();
            }
        }

        long movements(Connection c, SplittableRandom random) {
            Map<String, Integer> documentNumbers = new HashMap<>();
            // A million rows: the day texts are made once, not per row.
            LocalDate[] days = new LocalDate[scale.historyDays() + 3];
            String[] dayTexts = new String[days.length];
            String[] offsets = new String[days.length];
            for (int d = 0; d < days.length; d++) {
                days[d] = today.minusDays(d);
                dayTexts[d] = days[d].toString();
                offsets[d] =
                        ISTANBUL.getRules().getOffset(days[d].atTime(12, 0)).getId();
            }
            try (CopyStream copy = CopyStream.open(
                    c,
                    "cari_hareketler",
                    "cari_kodu",
                    "tarih",
                    "belge_no",
                    "belge_turu",
                    "aciklama",
                    "borc",
                    "alacak",
                    "para_birimi",
                    "created_at")) {
                double totalWeight = customerWeights[customerWeights.length - 1];
                for (int i = 0; i < scale.movements(); i++) {
                    int index = Arrays.binarySearch(customerWeights, random.nextDouble() * totalWeight);
                    Customer customer = customers.get(index >= 0 ? index : Math.min(-index - 1, customers.size() - 1));
                    int daysBack = random.nextInt(scale.historyDays());
                    LocalDate date = days[daysBack];
                    if (isWeekend(date) && random.nextInt(10) < 7) {
                        // The port works at weekends, but finance mostly does not.
                        daysBack += date.getDayOfWeek() == DayOfWeek.SATURDAY ? 1 : 2;
                        date = days[daysBack];
                    }
                    int roll = random.nextInt(100);
                    String currency = roll < 90
                            ? customer.currency()
                            : roll < 94 ? "TRY" : roll < 98 ? "USD" : roll < 99 ? "EUR" : "GBP";
                    double median = currency.equals("TRY") ? 45_000 : 1_400;
                    int kind = random.nextInt(100);
                    String type;
                    String prefix;
                    String text;
                    boolean debit;
                    double factor;
                    if (kind < 55) {
                        type = "Fatura";
                        prefix = "ALF";
                        debit = true;
                        factor = 1.0;
                        text = pick(DemoNames.SERVICES, random) + " - "
                                + vessels.get(random.nextInt(vessels.size())).name();
                    } else if (kind < 92) {
                        // Payments are fewer and larger, so that balances stay near what is billed.
                        type = "Tahsilat";
                        prefix = "THS";
                        debit = false;
                        factor = 1.45;
                        text = pick(DemoNames.PAYMENTS, random);
                    } else if (kind < 96) {
                        type = "İade Faturası";
                        prefix = "ALI";
                        debit = false;
                        factor = 0.3;
                        text = "İade: " + pick(DemoNames.SERVICES, random).toLowerCase(TURKISH);
                    } else {
                        type = "Kur Farkı Faturası";
                        prefix = "KFF";
                        debit = true;
                        factor = 0.08;
                        text = "Kur farkı";
                    }
                    long cents =
                            Math.max(100, Math.round(median * factor * Math.exp(0.9 * random.nextGaussian()) * 100));
                    String series = prefix + date.getYear();
                    int seq = documentNumbers.merge(series, 1, Integer::sum);
                    copy.text(customer.code())
                            .raw(dayTexts[daysBack])
                            .padded(series, seq, 9)
                            .text(type)
                            .text(text)
                            .cents(debit ? cents : 0)
                            .cents(debit ? 0 : cents)
                            .text(currency)
                            .raw(createdAt(dayTexts[daysBack], offsets[daysBack], random));
                    copy.endRow();
                }
                return copy.finish();
            }
        }

        int auditEvents(Connection c, SplittableRandom random) {
            long seconds = scale.auditDays() * 86_400L;
            try (CopyStream copy =
                    CopyStream.open(c, "audit_events", "event_type", "user_id", "details", "created_at")) {
                for (int i = 0; i < scale.auditEvents(); i++) {
                    String type = pick(DemoNames.AUDIT_EVENT_TYPES, random);
                    String user = pick(DemoNames.USERS, random);
                    String subject =
                            switch (type) {
                                case "cari.hareket_eklendi" ->
                                    ",\"cari_kodu\":\""
                                            + customers
                                                    .get(random.nextInt(customers.size()))
                                                    .code() + "\"";
                                case "barinma.kayit_olusturuldu", "barinma.kayit_guncellendi", "manifesto.yuklendi" ->
                                    ",\"imo_no\":\""
                                            + vessels.get(random.nextInt(vessels.size()))
                                                    .imo() + "\"";
                                case "rapor.istendi", "rapor.indirildi" ->
                                    ",\"rapor\":\"" + pick(List.of("barinma", "manifest", "cari-ekstre"), random)
                                            + "\"";
                                default -> "";
                            };
                    copy.text(type)
                            .text(user)
                            .text("{\"demo\":true,\"ip\":\"10.20." + random.nextInt(8) + "." + (2 + random.nextInt(250))
                                    + "\"" + subject + "}")
                            .instant(now.minusSeconds(random.nextLong(seconds)));
                    copy.endRow();
                }
                return (int) copy.finish();
            }
        }

        /** A business-hours time on that day: "2025-03-07 14:05:00+03:00". */
        private static String createdAt(String day, String offset, SplittableRandom random) {
            int hour = 9 + random.nextInt(9);
            int minute = random.nextInt(60);
            return day + (hour < 10 ? " 0" : " ") + hour + (minute < 10 ? ":0" : ":") + minute + ":00" + offset;
        }

        private static boolean isWeekend(LocalDate date) {
            return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
        }

        private static String berthFor(String type, SplittableRandom random) {
            return switch (type) {
                case "Tanker", "LPG Tankeri", "Kimyasal Tanker" ->
                    random.nextInt(4) == 0 ? "Şamandıra A" : "Sıvı Dökme İskelesi";
                case "Ro-Ro" -> "Ro-Ro Rampası";
                default -> "Rıhtım " + (1 + random.nextInt(6));
            };
        }

        private static String tariffCode(String type) {
            return switch (type) {
                case "Konteyner" -> "KNT";
                case "Dökme Yük" -> "DKM";
                case "Tanker", "LPG Tankeri", "Kimyasal Tanker" -> "TNK";
                case "Ro-Ro" -> "RORO";
                default -> "GNK";
            };
        }
    }
}
