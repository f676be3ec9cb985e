package com.aliaport.ops.exchangerate;

import com.aliaport.ops.exchangerate.db.AnomalyRepository;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' decisions on rate anomalies. Every decision is one call of the database function
 * {@code aliaport_decide_anomaly} (migration V60), which does the whole of it in one transaction with the
 * caller's login ({@code session_user}) as {@code decided_by}: the anomaly's status and note, on a rejection the
 * rate's {@code rejected_*} columns, the audit event, and a NOTIFY on {@code kur_anomalies}. PostgreSQL enforces
 * who may decide (members of {@code aliaport_operator}), so give it the operator's own {@link DSLContext}.
 */
public final class AnomalyDecisions {
    private static final Logger log = LoggerFactory.getLogger(AnomalyDecisions.class);

    private final AnomalyRepository repository;
    private final RateCache cache;

    public AnomalyDecisions(DSLContext dsl) {
        this(dsl, RateCache.NONE);
    }

    /**
     * With the daemon's {@code kurlar:*} cache, dropped right after a decision (the daemons also drop it on the
     * NOTIFY, which is what a console without Redis relies on).
     */
    public AnomalyDecisions(DSLContext dsl, RateCache cache) {
        this.repository = new AnomalyRepository(dsl);
        this.cache = cache;
    }

    /** The open anomalies, newest first. */
    public List<AnomalyView> open() {
        return repository.open();
    }

    /** Every anomaly: the open ones first, then the rest; each group newest first; at most {@code limit}. */
    public List<AnomalyView> all(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return repository.all(limit);
    }

    public Optional<AnomalyView> find(long id) {
        return repository.find(id);
    }

    /** The rate stands. {@code note} may be empty. */
    public AnomalyView accept(long id, String note) {
        return decide(id, "ACCEPT", note);
    }

    /** The rate is wrong: marked rejected, no longer used by reports and {@code GET /api/kurlar}. Needs a note. */
    public AnomalyView reject(long id, String note) {
        return decide(id, "REJECT", note);
    }

    private AnomalyView decide(long id, String decision, String note) {
        try {
            repository.decide(id, decision, note == null ? "" : note);
        } catch (DataAccessException e) {
            throw refused(id, e);
        }
        try {
            cache.invalidateAll();
        } catch (RuntimeException e) {
            log.warn("anomaly {} decided, but kurlar:* could not be dropped from the cache: {}", id, e.toString());
        }
        return repository
                .find(id)
                .orElseThrow(() -> new AnomalyDecisionException(
                        id, "P0002", "anomaly " + id + " vanished after its decision", null));
    }

    private static AnomalyDecisionException refused(long id, DataAccessException e) {
        String state = e.sqlState();
        SQLException sql = e.getCause(SQLException.class);
        String pgMessage =
                sql == null ? e.getMessage() : firstLine(sql.getMessage()).replaceFirst("^ERROR: ", "");
        if ("42501".equals(state)) {
            return new AnomalyDecisionException(
                    id,
                    state,
                    "anomaly " + id + ": your login may not decide anomalies (role aliaport_operator needed): "
                            + pgMessage,
                    e);
        }
        return new AnomalyDecisionException(id, state, pgMessage, e);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }
}
