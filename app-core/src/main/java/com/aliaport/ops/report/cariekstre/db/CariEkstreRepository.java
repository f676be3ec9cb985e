package com.aliaport.ops.report.cariekstre.db;

import static com.aliaport.ops.db.generated.Tables.CARI_HAREKETLER;
import static com.aliaport.ops.db.generated.Tables.CARI_HESAPLAR;

import com.aliaport.ops.report.ReportDataException;
import com.aliaport.ops.report.cariekstre.Cari;
import com.aliaport.ops.report.cariekstre.Movement;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.Record;

/** What the account statement reads: the customer, the opening balance, and its movements through a cursor. */
public final class CariEkstreRepository {
    public Optional<Cari> find(DSLContext dsl, String code) {
        return dsl.selectFrom(CARI_HESAPLAR)
                .where(CARI_HESAPLAR.CARI_KODU.eq(code))
                .fetchOptional(r -> new Cari(r.getCariKodu(), r.getUnvan(), r.getVergiNo(), r.getVergiDairesi(),
                        r.getParaBirimi(), r.getAdres()));
    }

    public long count(DSLContext tx, String code, LocalDate from, LocalDate to) {
        return tx.fetchCount(CARI_HAREKETLER,
                CARI_HAREKETLER.CARI_KODU.eq(code).and(CARI_HAREKETLER.TARIH.between(from, to)));
    }

    /**
     * The balance in TRY of every movement before {@code from}, each converted at its own date's rate and rounded
     * to kuruş as the statement rows are. Fails naming the first movement no rate covers.
     */
    public BigDecimal openingBalanceTry(DSLContext tx, String code, LocalDate from) {
        Record r = tx.fetchOne("""
                SELECT count(*) FILTER (WHERE h.para_birimi <> 'TRY' AND r.alis IS NULL) AS missing,
                       min(h.para_birimi || ' ' || h.tarih) FILTER (WHERE h.para_birimi <> 'TRY' AND r.alis IS NULL) AS first_missing,
                       coalesce(sum(CASE WHEN h.para_birimi = 'TRY' THEN h.borc - h.alacak
                                         ELSE round(h.borc * r.alis / r.birim, 2) - round(h.alacak * r.alis / r.birim, 2)
                                    END), 0) AS balance
                FROM cari_hareketler h
                LEFT JOIN LATERAL (
                    SELECT k.alis, k.birim FROM kurlar k
                    WHERE k.doviz_kodu = h.para_birimi::varchar AND k.tarih <= h.tarih
                    ORDER BY k.tarih DESC LIMIT 1) r ON h.para_birimi <> 'TRY'
                WHERE h.cari_kodu = ? AND h.tarih < ?
                """, code, from);
        long missing = r.get("missing", Long.class);
        if (missing > 0) {
            throw new ReportDataException(missing + " movements of " + code + " before " + from
                    + " have no exchange rate in kurlar, the first: " + r.get("first_missing", String.class));
        }
        return r.get("balance", BigDecimal.class).setScale(2);
    }

    /** Streams the movements of the period in date order through a cursor of {@code fetchSize} rows. */
    public void movements(DSLContext tx, String code, LocalDate from, LocalDate to, int fetchSize, Consumer<Movement> sink) {
        var h = CARI_HAREKETLER;
        try (var cursor = tx.select(h.TARIH, h.BELGE_NO, h.BELGE_TURU, h.ACIKLAMA, h.PARA_BIRIMI, h.BORC, h.ALACAK)
                .from(h)
                .where(h.CARI_KODU.eq(code))
                .and(h.TARIH.between(from, to))
                .orderBy(h.TARIH, h.ID)
                .fetchSize(fetchSize)
                .fetchLazy()) {
            for (var r : cursor) {
                sink.accept(new Movement(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7()));
            }
        }
    }
}
