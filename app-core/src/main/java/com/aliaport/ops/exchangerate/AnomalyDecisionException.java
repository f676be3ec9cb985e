package com.aliaport.ops.exchangerate;

/**
 * PostgreSQL refused a decision on anomaly {@code anomalyId}: already decided, a rejection without a note, an
 * unknown anomaly, or a login that may not decide (not a member of {@code aliaport_operator}). The message is
 * PostgreSQL's (it names the id), or for a permission error says which role is needed.
 */
public final class AnomalyDecisionException extends ExchangeRateException {
    private final long anomalyId;
    private final String sqlState;

    public AnomalyDecisionException(long anomalyId, String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.anomalyId = anomalyId;
        this.sqlState = sqlState;
    }

    public long anomalyId() {
        return anomalyId;
    }

    /** PostgreSQL's SQLSTATE: 42501 permission denied, 55000 already decided, 22023 bad input, P0002 unknown id. */
    public String sqlState() {
        return sqlState;
    }

    public boolean permissionDenied() {
        return "42501".equals(sqlState);
    }
}
