package com.aliaport.ops.auditlog;

import static com.aliaport.ops.db.generated.Tables.AUDIT_EVENTS;

import com.aliaport.ops.common.Json;
import java.time.Clock;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * The audit-event writer the whole system uses: operator actions, job reruns, anomaly decisions, report
 * downloads. {@code details} is stored as JSON.
 */
public final class AuditLog {
    private final DSLContext dsl;
    private final Clock clock;

    public AuditLog(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Records one event in the caller's transaction when given its context, else on its own. */
    public long record(String eventType, String userId, Map<String, ?> details) {
        return record(dsl, eventType, userId, details);
    }

    public long record(DSLContext tx, String eventType, String userId, Map<String, ?> details) {
        return tx.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TYPE, eventType)
                .set(AUDIT_EVENTS.USER_ID, userId)
                .set(AUDIT_EVENTS.DETAILS, JSONB.valueOf(Json.write(details)))
                .set(AUDIT_EVENTS.CREATED_AT, clock.instant())
                .returning(AUDIT_EVENTS.ID)
                .fetchOne()
                .getId();
    }
}
