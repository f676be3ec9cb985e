package com.aliaport.ops.exchangerate.db;

import static com.aliaport.ops.db.generated.Tables.KURLAR;
import static com.aliaport.ops.db.generated.Tables.KUR_ANOMALIES;

import com.aliaport.ops.db.generated.Routines;
import com.aliaport.ops.exchangerate.AnomalyView;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/** Reads of {@code kur_anomalies} (with the source of the rate each concerns) and the decision function. */
public final class AnomalyRepository {
    private final DSLContext dsl;

    public AnomalyRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<AnomalyView> open() {
        return select(KUR_ANOMALIES.STATUS.eq("OPEN"), Integer.MAX_VALUE);
    }

    public List<AnomalyView> all(int limit) {
        return select(DSL.noCondition(), limit);
    }

    public Optional<AnomalyView> find(long id) {
        return select(KUR_ANOMALIES.ID.eq(id), 1).stream().findFirst();
    }

    /** {@code SELECT aliaport_decide_anomaly(id, decision, note)}; PostgreSQL's refusals surface as jOOQ errors. */
    public String decide(long id, String decision, String note) {
        return dsl.select(Routines.aliaportDecideAnomaly(id, decision, note)).fetchOne(0, String.class);
    }

    private List<AnomalyView> select(Condition where, int limit) {
        SortField<?>[] order = {
            DSL.when(KUR_ANOMALIES.STATUS.eq("OPEN"), 0).otherwise(1).asc(),
            KUR_ANOMALIES.CREATED_AT.desc(),
            KUR_ANOMALIES.ID.desc()
        };
        return from().where(where).orderBy(order).limit(limit).fetch(AnomalyRepository::toView);
    }

    private SelectOnConditionStep<Record> from() {
        return dsl.select(KUR_ANOMALIES.fields())
                .select(KURLAR.KAYNAK)
                .from(KUR_ANOMALIES)
                .leftJoin(KURLAR)
                .on(KURLAR.TARIH.eq(KUR_ANOMALIES.TARIH).and(KURLAR.DOVIZ_KODU.eq(KUR_ANOMALIES.DOVIZ_KODU)));
    }

    private static AnomalyView toView(Record r) {
        return new AnomalyView(
                r.get(KUR_ANOMALIES.ID),
                r.get(KUR_ANOMALIES.TARIH),
                r.get(KUR_ANOMALIES.DOVIZ_KODU),
                r.get(KUR_ANOMALIES.ONCEKI_TARIH),
                Rates.plain(r.get(KUR_ANOMALIES.ONCEKI_ALIS)),
                Rates.plain(r.get(KUR_ANOMALIES.YENI_ALIS)),
                r.get(KUR_ANOMALIES.DEGISIM_ORANI).movePointRight(2).setScale(2, RoundingMode.HALF_UP),
                Optional.ofNullable(r.get(KURLAR.KAYNAK)).orElse("?"),
                Optional.ofNullable(r.get(KUR_ANOMALIES.JOB_RUN_ID)),
                r.get(KUR_ANOMALIES.STATUS),
                Optional.ofNullable(r.get(KUR_ANOMALIES.DECIDED_AT)),
                Optional.ofNullable(r.get(KUR_ANOMALIES.DECIDED_BY)),
                Optional.ofNullable(r.get(KUR_ANOMALIES.DECISION_NOTE)),
                r.get(KUR_ANOMALIES.CREATED_AT));
    }
}
