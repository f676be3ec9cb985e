package com.aliaport.ops.daemon;

import com.aliaport.ops.reportqueue.ReportQueueService;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The demo's one report of each type, built by this daemon's own workers from the seeded data. */
final class DemoReports {
    private DemoReports() {}

    static void submit(DaemonContext ctx, PrintStream out) {
        var dsl = ctx.infra.database().dsl();
        LocalDate today = LocalDate.now(ctx.clock);
        String cari = (String) dsl.fetchValue(
                "SELECT cari_kodu FROM cari_hareketler GROUP BY cari_kodu ORDER BY count(*) DESC LIMIT 1");
        Object manifest = dsl.fetchValue("SELECT id FROM manifestolar ORDER BY id LIMIT 1");
        Map<String, Map<String, Object>> requests = new LinkedHashMap<>();
        requests.put("barinma", Map.of("date_from", today.minusDays(90).toString(), "date_to", today.toString()));
        if (manifest != null) {
            requests.put("manifest", Map.of("manifest_id", ((Number) manifest).longValue()));
        }
        if (cari != null) {
            requests.put(
                    "cari-ekstre",
                    Map.of(
                            "cari_code",
                            cari,
                            "date_from",
                            today.minusDays(365).toString(),
                            "date_to",
                            today.toString()));
        }
        out.println("Building one report of each type:");
        for (var r : requests.entrySet()) {
            try {
                var task = ctx.reports
                        .service()
                        .submit(new ReportQueueService.SubmitRequest(
                                r.getKey(), r.getValue(), "demo", Optional.empty()))
                        .task();
                var end = ctx.reports.service().await(task.id(), Duration.ofMinutes(5));
                out.printf(
                        "  %-12s %-8s %s%n",
                        r.getKey(),
                        end.state(),
                        end.storageKey().orElse(end.error().orElse("")));
            } catch (RuntimeException e) {
                out.printf("  %-12s failed: %s%n", r.getKey(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
