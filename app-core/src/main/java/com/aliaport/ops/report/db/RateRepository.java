package com.aliaport.ops.report.db;

import static com.aliaport.ops.db.generated.Tables.KURLAR;

import com.aliaport.ops.report.Rate;
import com.aliaport.ops.report.RateTable;
import java.time.LocalDate;
import org.jooq.DSLContext;

/**
 * Loads the buying rates a report converts with (the whole of {@code kurlar} up to a day is small). Rates an
 * operator rejected are left out, so a movement of that day converts at the currency's latest earlier rate.
 */
public final class RateRepository {
    public RateTable upTo(DSLContext tx, LocalDate lastDay) {
        return new RateTable(tx.select(KURLAR.DOVIZ_KODU, KURLAR.TARIH, KURLAR.BIRIM, KURLAR.ALIS)
                .from(KURLAR)
                .where(KURLAR.TARIH.le(lastDay))
                .and(KURLAR.REJECTED_AT.isNull())
                .fetch(r -> new Rate(r.value1(), r.value2(), r.value3(), r.value4())));
    }
}
