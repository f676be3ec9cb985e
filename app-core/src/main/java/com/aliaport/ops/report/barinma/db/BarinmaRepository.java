package com.aliaport.ops.report.barinma.db;

import static com.aliaport.ops.db.generated.Tables.BARINMA_KAYITLARI;
import static com.aliaport.ops.db.generated.Tables.CARI_HESAPLAR;
import static com.aliaport.ops.db.generated.Tables.GEMILER;

import com.aliaport.ops.report.barinma.Stay;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** The stays whose arrival falls in a period, optionally of one customer, read through a cursor. */
public final class BarinmaRepository {
    public boolean customerExists(DSLContext dsl, String code) {
        return dsl.fetchExists(CARI_HESAPLAR, CARI_HESAPLAR.CARI_KODU.eq(code));
    }

    public Optional<String> customerName(DSLContext dsl, String code) {
        return dsl.select(CARI_HESAPLAR.UNVAN)
                .from(CARI_HESAPLAR)
                .where(CARI_HESAPLAR.CARI_KODU.eq(code))
                .fetchOptional(r -> r.value1());
    }

    public long count(DSLContext tx, Instant from, Instant toExclusive, Optional<String> customer) {
        return tx.fetchCount(BARINMA_KAYITLARI, period(from, toExclusive, customer));
    }

    /** The currencies the stays of the period are billed in, TRY first. */
    public List<String> currencies(DSLContext tx, Instant from, Instant toExclusive, Optional<String> customer) {
        return tx
                .selectDistinct(BARINMA_KAYITLARI.PARA_BIRIMI)
                .from(BARINMA_KAYITLARI)
                .where(period(from, toExclusive, customer))
                .fetch(r -> r.value1())
                .stream()
                .sorted((a, b) -> a.equals("TRY") ? -1 : b.equals("TRY") ? 1 : a.compareTo(b))
                .toList();
    }

    public void stays(
            DSLContext tx,
            Instant from,
            Instant toExclusive,
            Optional<String> customer,
            int fetchSize,
            Consumer<Stay> sink) {
        var b = BARINMA_KAYITLARI;
        try (var cursor = tx.select(
                        b.CARI_KODU,
                        CARI_HESAPLAR.UNVAN,
                        b.IMO_NO,
                        GEMILER.GEMI_ADI,
                        GEMILER.BAYRAK,
                        b.RIHTIM,
                        b.GIRIS,
                        b.CIKIS,
                        b.TARIFE_KODU,
                        b.TUTAR,
                        b.PARA_BIRIMI)
                .from(b)
                .join(GEMILER)
                .on(GEMILER.IMO_NO.eq(b.IMO_NO))
                .join(CARI_HESAPLAR)
                .on(CARI_HESAPLAR.CARI_KODU.eq(b.CARI_KODU))
                .where(period(from, toExclusive, customer))
                .orderBy(b.GIRIS, b.ID)
                .fetchSize(fetchSize)
                .fetchLazy()) {
            for (var r : cursor) {
                sink.accept(new Stay(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        r.value8(),
                        r.value9(),
                        r.value10(),
                        r.value11()));
            }
        }
    }

    private static Condition period(Instant from, Instant toExclusive, Optional<String> customer) {
        Condition c = BARINMA_KAYITLARI.GIRIS.ge(from).and(BARINMA_KAYITLARI.GIRIS.lt(toExclusive));
        return customer.map(code -> c.and(BARINMA_KAYITLARI.CARI_KODU.eq(code))).orElse(c);
    }
}
