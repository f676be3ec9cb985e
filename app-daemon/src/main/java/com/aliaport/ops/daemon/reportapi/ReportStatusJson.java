package com.aliaport.ops.daemon.reportapi;

import com.aliaport.ops.reportqueue.ReportLinks;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The status as the seed's frontend reads it. The seed's own endpoint keeps to its four states (STARTED
 * reads PROGRESS, CANCELLED reads FAILURE); {@code /api/reports} shows the real state.
 */
final class ReportStatusJson {
    private final ReportLinks links;

    ReportStatusJson(ReportLinks links) {
        this.links = links;
    }

    Map<String, Object> of(ReportTask t, boolean seed) {
        Map<String, Object> d = new LinkedHashMap<>();
        ReportState state = t.state();
        String shown = state.name();
        if (seed && state == ReportState.STARTED) {
            shown = ReportState.PROGRESS.name();
        } else if (seed && state == ReportState.CANCELLED) {
            shown = ReportState.FAILURE.name();
        }
        d.put("task_id", t.id().toString());
        d.put("type", t.type());
        d.put("state", shown);
        d.put("current", t.progress().current());
        d.put("total", t.progress().total() == 0 ? 100 : t.progress().total());
        switch (state) {
            case PENDING -> d.put("status", t.attempts() > 0 ? "Yeniden denenecek" : "Rapor kuyruğunda bekliyor");
            case STARTED, PROGRESS ->
                d.put(
                        "status",
                        t.cancelRequested()
                                ? "İptal ediliyor"
                                : t.progress().status().orElse("Başladı"));
            case SUCCESS -> {
                Optional<URI> link = link(t);
                d.put(
                        "status",
                        link.isPresent()
                                ? "Rapor hazır"
                                : t.storageKey().isEmpty() ? "Tamamlandı" : "Rapor dosyasının süresi doldu");
                link.ifPresent(l -> d.put("report_url", l.toString()));
                t.sizeBytes().ifPresent(s -> d.put("size_bytes", s));
            }
            case FAILURE -> d.put("status", "Rapor oluşturulamadı");
            case CANCELLED -> d.put("status", "İptal edildi");
        }
        // Never the stored detail (exception text, SQL, paths): it is for operators, in report_tasks and the log.
        t.publicError().ifPresent(e -> {
            d.put("error", e.message());
            d.put("error_code", e.code().name());
        });
        d.put("attempts", t.attempts());
        if (t.deadLettered()) {
            d.put("dead_lettered", true);
        }
        d.put("created_at", t.createdAt().toString());
        t.startedAt().ifPresent(s -> d.put("started_at", s.toString()));
        t.finishedAt().ifPresent(f -> d.put("finished_at", f.toString()));
        return d;
    }

    /** The link staff get ({@link ReportLinks}: the console's LINK_REPORT signs the same). */
    Optional<URI> link(ReportTask t) {
        return links.link(t).map(ReportLinks.Link::url);
    }
}
