package com.aliaport.ops.exchangerate.db;

import static com.aliaport.ops.db.generated.Tables.KURLAR;
import static com.aliaport.ops.db.generated.Tables.KUR_ANOMALIES;

import com.aliaport.ops.db.generated.tables.records.KurlarRecord;
import com.aliaport.ops.exchangerate.Anomaly;
import com.aliaport.ops.exchangerate.Bulletin;
import com.aliaport.ops.exchangerate.CurrencyRate;
import com.aliaport.ops.exchangerate.RateColumns;
import com.aliaport.ops.exchangerate.RejectedRate;
import com.aliaport.ops.exchangerate.Source;
import com.aliaport.ops.exchangerate.StoredRate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.impl.DSL;

/** {@code kurlar} and {@code kur_anomalies}. Writes take the transaction's context; reads use the pool. */
public final class KurlarRepository {
    private static final List<Field<?>> COLUMNS = List.of(
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
            KURLAR.BULTEN_NO,
            KURLAR.CREATED_AT,
            KURLAR.UPDATED_AT);

    /** The sizes of the columns a bulletin is written to, as the generated table (the migrated schema) has them. */
    public static final RateColumns COLUMN_SIZES = columnSizes();

    private final DSLContext dsl;

    private static RateColumns columnSizes() {
        List<DataType<?>> rates = List.of(
                KURLAR.ALIS.getDataType(),
                KURLAR.SATIS.getDataType(),
                KURLAR.EFEKTIF_ALIS.getDataType(),
                KURLAR.EFEKTIF_SATIS.getDataType());
        int integerDigits =
                rates.stream().mapToInt(t -> t.precision() - t.scale()).min().orElseThrow();
        int decimals = rates.stream().mapToInt(DataType::scale).min().orElseThrow();
        DataType<?> change = KUR_ANOMALIES.DEGISIM_ORANI.getDataType();
        return new RateColumns(
                KURLAR.DOVIZ_KODU.getDataType().length(), integerDigits, decimals, change.precision() - change.scale());
    }

    public KurlarRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Runs {@code work} in one transaction and returns its result. */
    public <T> T inTransaction(Function<DSLContext, T> work) {
        return dsl.transactionResult(cfg -> work.apply(cfg.dsl()));
    }

    /**
     * The previous stored rate of each code: its latest row dated strictly before {@code date} that no operator
     * rejected (a rejected rate is neither compared with nor served).
     */
    public Map<String, StoredRate> previousRates(DSLContext tx, LocalDate date, Collection<String> codes) {
        if (codes.isEmpty()) {
            return Map.of();
        }
        var k = KURLAR.as("k");
        var codeTable = DSL.unnest(codes.toArray(String[]::new)).as("c", "code");
        Field<String> code = codeTable.field("code", String.class);
        var previous = DSL.lateral(DSL.selectFrom(k)
                        .where(k.DOVIZ_KODU.eq(code))
                        .and(k.TARIH.lt(date))
                        .and(k.REJECTED_AT.isNull())
                        .orderBy(k.TARIH.desc())
                        .limit(1))
                .as("p");
        Map<String, StoredRate> byCode = new HashMap<>();
        tx.select(previous.fields()).from(codeTable).crossJoin(previous).fetch().forEach(r -> {
            StoredRate rate = toStoredRate(r.into(KURLAR));
            byCode.put(rate.code(), rate);
        });
        return byCode;
    }

    /** UPSERT of every rate of the bulletin, in one statement; a re-run changes only {@code updated_at}. */
    public int upsert(DSLContext tx, Bulletin bulletin, Instant now) {
        InsertValuesStepN<KurlarRecord> insert = tx.insertInto(KURLAR, COLUMNS);
        for (CurrencyRate r : bulletin.rates()) {
            insert = insert.values(
                    bulletin.date(),
                    r.code(),
                    r.unit(),
                    r.nameTr(),
                    r.nameEn(),
                    r.forexBuying(),
                    r.forexSelling(),
                    r.banknoteBuying(),
                    r.banknoteSelling(),
                    bulletin.source().name(),
                    bulletin.bulletinNo().orElse(null),
                    now,
                    now);
        }
        return insert.onConflict(KURLAR.TARIH, KURLAR.DOVIZ_KODU)
                .doUpdate()
                .set(KURLAR.BIRIM, DSL.excluded(KURLAR.BIRIM))
                // EVDS has no names: keep those TCMB gave for the same day.
                .set(KURLAR.DOVIZ_ADI, DSL.coalesce(DSL.excluded(KURLAR.DOVIZ_ADI), KURLAR.DOVIZ_ADI))
                .set(KURLAR.CURRENCY_NAME, DSL.coalesce(DSL.excluded(KURLAR.CURRENCY_NAME), KURLAR.CURRENCY_NAME))
                .set(KURLAR.ALIS, DSL.excluded(KURLAR.ALIS))
                .set(KURLAR.SATIS, DSL.excluded(KURLAR.SATIS))
                .set(KURLAR.EFEKTIF_ALIS, DSL.excluded(KURLAR.EFEKTIF_ALIS))
                .set(KURLAR.EFEKTIF_SATIS, DSL.excluded(KURLAR.EFEKTIF_SATIS))
                .set(KURLAR.KAYNAK, DSL.excluded(KURLAR.KAYNAK))
                .set(KURLAR.BULTEN_NO, DSL.excluded(KURLAR.BULTEN_NO))
                .set(KURLAR.UPDATED_AT, DSL.excluded(KURLAR.UPDATED_AT))
                .execute();
    }

    /** Opens each anomaly unless one is already recorded for that day and currency; returns those opened. */
    public List<Anomaly> openAnomalies(DSLContext tx, List<Anomaly> anomalies, Optional<Long> jobRunId, Instant now) {
        List<Anomaly> opened = new ArrayList<>();
        for (Anomaly a : anomalies) {
            int inserted = tx.insertInto(KUR_ANOMALIES)
                    .set(KUR_ANOMALIES.TARIH, a.date())
                    .set(KUR_ANOMALIES.DOVIZ_KODU, a.code())
                    .set(KUR_ANOMALIES.ONCEKI_TARIH, a.previousDate())
                    .set(KUR_ANOMALIES.ONCEKI_ALIS, a.previousBuying())
                    .set(KUR_ANOMALIES.YENI_ALIS, a.newBuying())
                    .set(KUR_ANOMALIES.DEGISIM_ORANI, a.change())
                    .set(KUR_ANOMALIES.STATUS, "OPEN")
                    .set(KUR_ANOMALIES.JOB_RUN_ID, jobRunId.orElse(null))
                    .set(KUR_ANOMALIES.CREATED_AT, now)
                    .onConflictDoNothing()
                    .execute();
            if (inserted == 1) {
                opened.add(a);
            }
        }
        return opened;
    }

    public Optional<LocalDate> lastBulletinDate() {
        return dsl.select(DSL.max(KURLAR.TARIH)).from(KURLAR).fetchOptional(0, LocalDate.class);
    }

    public Optional<LocalDate> lastBulletinOnOrBefore(LocalDate date, LocalDate notBefore) {
        return dsl.select(DSL.max(KURLAR.TARIH))
                .from(KURLAR)
                .where(KURLAR.TARIH.le(date).and(KURLAR.TARIH.ge(notBefore)))
                .fetchOptional(0, LocalDate.class);
    }

    public Optional<Instant> lastUpdatedAt() {
        return dsl.select(DSL.max(KURLAR.UPDATED_AT)).from(KURLAR).fetchOptional(0, Instant.class);
    }

    /** The dates in {@code from}..{@code until} (exclusive) that have stored rates. */
    public Set<LocalDate> storedDates(LocalDate from, LocalDate until) {
        return new HashSet<>(dsl.selectDistinct(KURLAR.TARIH)
                .from(KURLAR)
                .where(KURLAR.TARIH.ge(from).and(KURLAR.TARIH.lt(until)))
                .fetch(KURLAR.TARIH));
    }

    /** The rates of the bulletin of {@code date} that no operator rejected. */
    public List<StoredRate> ratesOn(LocalDate date) {
        return dsl.selectFrom(KURLAR)
                .where(KURLAR.TARIH.eq(date))
                .and(KURLAR.REJECTED_AT.isNull())
                .orderBy(KURLAR.DOVIZ_KODU)
                .fetch(KurlarRepository::toStoredRate);
    }

    /** The rates of the bulletin of {@code date} that an operator rejected, by currency code. */
    public List<RejectedRate> rejectedOn(LocalDate date) {
        return dsl.selectFrom(KURLAR)
                .where(KURLAR.TARIH.eq(date))
                .and(KURLAR.REJECTED_AT.isNotNull())
                .orderBy(KURLAR.DOVIZ_KODU)
                .fetch(r -> new RejectedRate(
                        toStoredRate(r),
                        r.getRejectedAt(),
                        Optional.ofNullable(r.getRejectedBy()),
                        Optional.ofNullable(r.getRejectionNote())));
    }

    /** The latest non-rejected rate of each code dated strictly before {@code date} (none for a code without). */
    public Map<String, StoredRate> previousRates(LocalDate date, Collection<String> codes) {
        return previousRates(dsl, date, codes);
    }

    public List<Anomaly> anomaliesOn(LocalDate date) {
        return dsl.selectFrom(KUR_ANOMALIES)
                .where(KUR_ANOMALIES.TARIH.eq(date))
                .orderBy(KUR_ANOMALIES.DOVIZ_KODU)
                .fetch(r -> new Anomaly(
                        r.getTarih(),
                        r.getDovizKodu(),
                        r.getOncekiTarih(),
                        r.getOncekiAlis(),
                        r.getYeniAlis(),
                        r.getDegisimOrani()));
    }

    private static StoredRate toStoredRate(KurlarRecord r) {
        return new StoredRate(
                r.getTarih(),
                r.getDovizKodu(),
                r.getBirim(),
                Optional.ofNullable(r.getDovizAdi()),
                Optional.ofNullable(r.getCurrencyName()),
                r.getAlis(),
                Optional.ofNullable(r.getSatis()),
                Optional.ofNullable(r.getEfektifAlis()),
                Optional.ofNullable(r.getEfektifSatis()),
                Source.valueOf(r.getKaynak()),
                Optional.ofNullable(r.getBultenNo()),
                r.getUpdatedAt());
    }
}
