package com.aliaport.ops.report.manifest.db;

import static com.aliaport.ops.db.generated.Tables.GEMILER;
import static com.aliaport.ops.db.generated.Tables.MANIFESTOLAR;
import static com.aliaport.ops.db.generated.Tables.MANIFESTO_KALEMLERI;

import com.aliaport.ops.report.manifest.ManifestHeader;
import com.aliaport.ops.report.manifest.ManifestItem;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.DSLContext;

/** A manifest's header and its items, the items through a cursor. */
public final class ManifestRepository {
    public Optional<ManifestHeader> header(DSLContext dsl, long id) {
        var m = MANIFESTOLAR;
        return dsl.select(
                        m.ID,
                        m.IMO_NO,
                        GEMILER.GEMI_ADI,
                        GEMILER.BAYRAK,
                        m.SEFER_NO,
                        m.TARIH,
                        m.YON,
                        m.YUKLEME_LIMANI,
                        m.BOSALTMA_LIMANI)
                .from(m)
                .join(GEMILER)
                .on(GEMILER.IMO_NO.eq(m.IMO_NO))
                .where(m.ID.eq(id))
                .fetchOptional(r -> new ManifestHeader(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        r.value8(),
                        r.value9()));
    }

    public long count(DSLContext tx, long id) {
        return tx.fetchCount(MANIFESTO_KALEMLERI, MANIFESTO_KALEMLERI.MANIFESTO_ID.eq(id));
    }

    public void items(DSLContext tx, long id, int fetchSize, Consumer<ManifestItem> sink) {
        var k = MANIFESTO_KALEMLERI;
        try (var cursor = tx.select(
                        k.SIRA_NO,
                        k.KONSIMENTO_NO,
                        k.GONDERICI,
                        k.ALICI,
                        k.ESYA_TANIMI,
                        k.KAP_ADEDI,
                        k.KAP_CINSI,
                        k.BRUT_KG,
                        k.KONTEYNER_NO)
                .from(k)
                .where(k.MANIFESTO_ID.eq(id))
                .orderBy(k.SIRA_NO, k.ID)
                .fetchSize(fetchSize)
                .fetchLazy()) {
            for (var r : cursor) {
                sink.accept(new ManifestItem(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        r.value8(),
                        r.value9()));
            }
        }
    }
}
