package com.aliaport.ops.reportqueue;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the report desk lists: every filter that is present must match. {@code from} is inclusive and
 * {@code until} exclusive, both on the task's submission time ({@code created_at}); {@code deadLetteredOnly} is the
 * dead-letter view.
 */
public record DeskFilter(
        Optional<String> requestedBy,
        Optional<String> type,
        Optional<ReportState> state,
        Optional<Instant> from,
        Optional<Instant> until,
        boolean deadLetteredOnly) {

    /** Every task of every user. */
    public static final DeskFilter ALL = new DeskFilter(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

    public DeskFilter {
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
    }

    public DeskFilter withRequestedBy(String user) {
        return new DeskFilter(Optional.of(user), type, state, from, until, deadLetteredOnly);
    }

    public DeskFilter withType(String t) {
        return new DeskFilter(requestedBy, Optional.of(t), state, from, until, deadLetteredOnly);
    }

    public DeskFilter withState(ReportState s) {
        return new DeskFilter(requestedBy, type, Optional.of(s), from, until, deadLetteredOnly);
    }

    /** Submitted in [from, until). */
    public DeskFilter withPeriod(Instant fromInclusive, Instant untilExclusive) {
        return new DeskFilter(
                requestedBy, type, state, Optional.of(fromInclusive), Optional.of(untilExclusive), deadLetteredOnly);
    }

    public DeskFilter deadLettered() {
        return new DeskFilter(requestedBy, type, state, from, until, true);
    }
}
