package com.aliaport.ops.exchangerate;

import com.aliaport.ops.alert.AlertSender;
import com.aliaport.ops.alert.Severity;
import com.aliaport.ops.exchangerate.ExchangeRateSyncService.BackfillOutcome;
import com.aliaport.ops.exchangerate.ExchangeRateSyncService.DayOutcome;
import com.aliaport.ops.exchangerate.ExchangeRateSyncService.NoBulletin;
import com.aliaport.ops.exchangerate.ExchangeRateSyncService.Stored;
import com.aliaport.ops.jobrun.JobContext;
import com.aliaport.ops.jobrun.JobResult;
import com.aliaport.ops.jobrun.JobTask;
import com.aliaport.ops.jobrun.TriggerKind;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code kur_guncelleme_daily}. Without {@code --date} it syncs the newest bulletin
 * ({@code today.xml}); scheduled runs first back-fill the business days missing since the last stored bulletin.
 * With {@code --date D} it syncs the bulletin of D from the archive. A weekend or holiday ends SKIPPED with the
 * reason, writing nothing and alerting no one. A failure throws; it alerts HIGH at once for a manual run, and
 * for scheduled runs only once the retries are used up (attempt past {@code retries}).
 */
public final class KurGuncellemeJob implements JobTask {
    public static final String JOB_ID = "kur_guncelleme_daily";

    private final ExchangeRateSyncService sync;
    private final TurkishBusinessCalendar calendar;
    private final AlertSender alerts;
    private final int retries;

    public KurGuncellemeJob(
            ExchangeRateSyncService sync, TurkishBusinessCalendar calendar, AlertSender alerts, int retries) {
        this.sync = sync;
        this.calendar = calendar;
        this.alerts = alerts;
        this.retries = retries;
    }

    @Override
    public JobResult run(JobContext context) {
        Optional<LocalDate> requested = requestedDate(context);
        LocalDate date = requested.orElseGet(sync::today);
        Optional<String> closure = calendar.closure(date);
        if (closure.isPresent()) {
            return JobResult.skipped(date + " is " + closure.get() + ": TCMB publishes no bulletin, nothing to sync");
        }
        try {
            Optional<Long> runId = Optional.of(context.runId());
            if (requested.isPresent()) {
                return result(sync.syncDate(date, runId), "");
            }
            LocalDate expected = sync.expectedLatest();
            String backfilled = "";
            if (context.triggerKind() != TriggerKind.MANUAL) {
                context.progress(0, 2, "back-filling missing bulletins before " + expected);
                backfilled = backfill(sync.backfill(expected, runId, context::stopRequested));
            }
            context.checkStop();
            context.progress(1, 2, "syncing the bulletin of " + expected);
            return result(sync.syncLatest(expected, runId), backfilled);
        } catch (RuntimeException e) {
            alertIfFinal(context, date, e);
            throw e;
        }
    }

    private static Optional<LocalDate> requestedDate(JobContext context) {
        try {
            return context.date();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--date '" + context.parameters().get("date") + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static JobResult result(DayOutcome outcome, String backfilled) {
        String suffix = backfilled.isEmpty() ? "" : "; " + backfilled;
        return switch (outcome) {
            case Stored s -> JobResult.succeeded(s.describe() + suffix);
            case NoBulletin n -> JobResult.skipped(n.describe() + suffix);
        };
    }

    private String backfill(BackfillOutcome outcome) {
        if (outcome.nothingToDo()) {
            return "";
        }
        if (!outcome.failed().isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            outcome.failed().forEach((day, why) -> details.put(day.toString(), why));
            alerts.send(
                    Severity.WARNING,
                    "Kur back-fill incomplete",
                    "missing bulletins could not be fetched; the next run tries again: " + outcome.describe(),
                    details);
        }
        return outcome.describe();
    }

    private void alertIfFinal(JobContext context, LocalDate date, RuntimeException e) {
        boolean manual = context.triggerKind() == TriggerKind.MANUAL;
        if (!manual && context.attempt() <= retries) {
            return; // the scheduler retries; a transient failure is no one's problem yet
        }
        alerts.send(
                Severity.HIGH,
                "Kur güncelleme failed",
                e.getMessage(),
                Map.of(
                        "job",
                        JOB_ID,
                        "date",
                        date.toString(),
                        "trigger",
                        context.triggerKind().name(),
                        "attempt",
                        context.attempt(),
                        "run_id",
                        context.runId()));
    }
}
