package com.aliaport.ops.report.cariekstre.db;

import static com.aliaport.ops.db.generated.Tables.CARI_HAREKETLER;
import static com.aliaport.ops.db.generated.Tables.CARI_HESAPLAR;

import com.aliaport.ops.report.ReportDataException;
import com.aliaport.ops.report.cariekstre.Cari;
import com.aliaport.ops.report.cariekstre.Movement;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
                .fetchOptional(r -> new Cari(
                        r.getCariKodu(),
                        r.getUnvan(),
                        r.getVergiNo(),
                        r.getVergiDairesi(),
                        r.getParaBirimi(),
                        r.getAdres()));
    }

    public long count(DSLContext tx, String code, LocalDate from, LocalDate to) {
        return tx.fetchCount(
                CARI_HAREKETLER, CARI_HAREKETLER.CARI_KODU.eq(code).and(CARI_HAREKETLER.TARIH.between(from, to)));
    }

    /**
     * The balance in TRY of every movement before {@code from}, each converted at its own date's rate and rounded
     * to kuruş as the statement rows are (rates an operator rejected skipped, as {@code RateRepository} does).
     * Fails naming the first movement no rate covers.
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
                    WHERE k.doviz_kodu = h.para_birimi::varchar AND k.tarih <= h.tarih AND k.rejected_at IS NULL
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

    /**
     * Streams the movements of the period in date order through a server-side cursor of {@code fetchSize} rows.
     * Plain JDBC here, not jOOQ records: this loop runs a million times for a big statement and its cost is what
     * the report adds to the bare writing (dates read as {@code LocalDate} directly, no calendar conversion).
     */
    public void movements(
            DSLContext tx, String code, LocalDate from, LocalDate to, int fetchSize, Consumer<Movement> sink) {
        tx.connection(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT tarih, belge_no, belge_turu, aciklama, para_birimi, borc, alacak FROM cari_hareketler
                    WHERE cari_kodu = ? AND tarih BETWEEN ? AND ? ORDER BY tarih, id""")) {
                ps.setFetchSize(fetchSize);
                ps.setString(1, code);
                ps.setObject(2, from);
                ps.setObject(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new Movement(
                                rs.getObject(1, LocalDate.class),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getBigDecimal(6),
                                rs.getBigDecimal(7)));
                    }
                }
            }
        });
    }
}
