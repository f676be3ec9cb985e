package com.aliaport.ops.exchangerate.db;

import static com.aliaport.ops.db.generated.Tables.KURLAR;

import com.aliaport.ops.exchangerate.RatePoint;
import com.aliaport.ops.exchangerate.StoredRateRow;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

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
}
