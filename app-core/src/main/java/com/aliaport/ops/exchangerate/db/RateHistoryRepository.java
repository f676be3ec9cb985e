package com.aliaport.ops.exchangerate.db;

import static com.aliaport.ops.db.generated.Tables.KURLAR;

import com.aliaport.ops.exchangerate.RatePoint;
import com.aliaport.ops.exchangerate.StoredRateRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** {@code kurlar} for the rates screen: by bulletin date (primary key) and by currency ({@code kurlar_doviz_tarih_idx}). */
public final class RateHistoryRepository {
    private final DSLContext dsl;

    public RateHistoryRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<StoredRateRow> bulletin(LocalDate date) {
        return dsl.selectFrom(KURLAR)
                .where(KURLAR.TARIH.eq(date))
                .orderBy(KURLAR.DOVIZ_KODU)
                .fetch(r -> new StoredRateRow(
                        r.getTarih(),
                        r.getDovizKodu(),
                        r.getBirim(),
                        Optional.ofNullable(r.getDovizAdi()),
                        Optional.ofNullable(r.getCurrencyName()),
                        Rates.plain(r.getAlis()),
                        Optional.ofNullable(Rates.plain(r.getSatis())),
                        Optional.ofNullable(Rates.plain(r.getEfektifAlis())),
                        Optional.ofNullable(Rates.plain(r.getEfektifSatis())),
                        r.getKaynak(),
                        Optional.ofNullable(r.getBultenNo()),
                        r.getRejectedAt() != null,
                        Optional.ofNullable(r.getRejectionNote())));
    }

    public List<LocalDate> bulletinDates(LocalDate from, LocalDate to) {
        return dsl.selectDistinct(KURLAR.TARIH)
                .from(KURLAR)
                .where(KURLAR.TARIH.between(from, to))
                .orderBy(KURLAR.TARIH)
                .fetch(KURLAR.TARIH);
    }

    public List<RatePoint> series(String currency, LocalDate from, LocalDate to) {
        return dsl.select(KURLAR.TARIH, KURLAR.ALIS, KURLAR.SATIS, KURLAR.BIRIM, KURLAR.REJECTED_AT)
                .from(KURLAR)
                .where(KURLAR.DOVIZ_KODU.eq(currency))
                .and(KURLAR.TARIH.between(from, to))
                .orderBy(KURLAR.TARIH)
                .fetch(r -> new RatePoint(
                        r.value1(),
                        Rates.plain(r.value2()),
                        Optional.ofNullable(Rates.plain(r.value3())),
                        r.value4(),
                        r.value5() != null));
    }

    /**
     * Several currencies' accepted rates in {@code from}..{@code to}, thinned in the database to every k-th
     * bulletin back from the newest (and the oldest) so that no currency has more than {@code maxPoints}: one statement instead of a
     * query per currency, and only what a chart can show crosses the wire (ten years of 20 currencies: 52,000
     * rows read, 8,000 sent at 400 points). Rejected rates are left out.
     */
    public Map<String, List<RatePoint>> thinned(
            Collection<String> currencies, LocalDate from, LocalDate to, int maxPoints) {
        Field<Integer> rn = DSL.rowNumber()
                // Newest first, as kurlar_doviz_tarih_idx is ordered: the index scan feeds the window without a sort.
                .over(DSL.partitionBy(KURLAR.DOVIZ_KODU).orderBy(KURLAR.TARIH.desc()))
                .as("rn");
        Field<Integer> n = DSL.count().over(DSL.partitionBy(KURLAR.DOVIZ_KODU)).as("n");
        var rows = DSL.select(KURLAR.DOVIZ_KODU, KURLAR.TARIH, KURLAR.ALIS, KURLAR.SATIS, KURLAR.BIRIM, rn, n)
                .from(KURLAR)
                .where(KURLAR.DOVIZ_KODU.in(currencies))
                .and(KURLAR.TARIH.between(from, to))
                .and(KURLAR.REJECTED_AT.isNull())
                .asTable("r");
        Field<Integer> rowNumber = rows.field(rn);
        Field<Integer> count = rows.field(n);
        // step = ceil(n / maxPoints); keep the newest, every step-th bulletin back from it, and the oldest.
        Field<Integer> step = DSL.greatest(
                DSL.inline(1),
                DSL.ceil(count.div(DSL.inline((double) maxPoints))).cast(Integer.class));
        Map<String, List<RatePoint>> out = new LinkedHashMap<>();
        dsl.select(
                        rows.field(KURLAR.DOVIZ_KODU),
                        rows.field(KURLAR.TARIH),
                        rows.field(KURLAR.ALIS),
                        rows.field(KURLAR.SATIS),
                        rows.field(KURLAR.BIRIM))
                .from(rows)
                .where(rowNumber
                        .minus(DSL.inline(1))
                        .mod(step)
                        .eq(DSL.inline(0))
                        .or(rowNumber.eq(count)))
                .orderBy(rows.field(KURLAR.DOVIZ_KODU), rows.field(KURLAR.TARIH))
                .forEach(r -> out.computeIfAbsent(r.value1(), c -> new ArrayList<>())
                        .add(new RatePoint(
                                r.value2(),
                                Rates.plain(r.value3()),
                                Optional.ofNullable(Rates.plain(r.value4())),
                                r.value5(),
                                false)));
        return out;
    }
}
