package com.aliaport.ops.testsupport.reports;

import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.report.ReportStoppedException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small real report builders for the queue's tests, logic above the {@link ReportBuilder} port: they validate
 * like the real reports (dates, ranges), write a real .xlsx, tell progress and honour (or ignore) a stop.
 */
public final class TestReports {
    private TestReports() {}

    /**
     * A berthing-like report: {@code date_from}/{@code date_to} (ISO, from ≤ to), optional {@code rows} (default
     * 5) and {@code row_ms} (time per row, default 0). Honours stop requests between rows.
     */
    public static ReportBuilder xlsx(String type) {
        return new XlsxReport(type);
    }

    /** A task that takes no parameters, does nothing and makes no file: its SUCCESS is its whole result. */
    public static ReportBuilder withoutFile(String type) {
        return new ReportBuilder() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Map<String, String> validate(Map<String, Object> raw) {
                return Map.of();
            }

            @Override
            public void write(Map<String, String> parameters, OutputStream out, ReportProgress progress) {}

            @Override
            public boolean producesFile() {
                return false;
            }
        };
    }

    /** Like {@link #xlsx} but each task fails its first {@code fail_times} attempts (a parameter). */
    public static ReportBuilder flaky(String type) {
        return new XlsxReport(type) {
            private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

            @Override
            public void write(Map<String, String> p, OutputStream out, ReportProgress progress) throws IOException {
                int failTimes = Integer.parseInt(p.getOrDefault("fail_times", "0"));
                if (failures.computeIfAbsent(p.getOrDefault("key", ""), k -> new AtomicInteger())
                                .incrementAndGet()
                        <= failTimes) {
                    throw new IOException("database connection reset (simulated)");
                }
                super.write(p, out, progress);
            }
        };
    }

    /** Never ends and never looks at stop requests or interrupts: only the hard limit frees its slot. */
    public static ReportBuilder hanging(String type) {
        return new XlsxReport(type) {
            @Override
            public void write(Map<String, String> p, OutputStream out, ReportProgress progress) {
                progress.update(0, 1, "takılı kaldı");
                long until = System.nanoTime() + 3_600_000_000_000L;
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ignored) {
                        // deliberately deaf
                    }
                }
            }
        };
    }

    private static class XlsxReport implements ReportBuilder {
        private final String type;

        XlsxReport(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Map<String, String> validate(Map<String, Object> raw) {
            Map<String, String> out = new LinkedHashMap<>();
            LocalDate from = date(raw, "date_from");
            LocalDate to = date(raw, "date_to");
            if (to.isBefore(from)) {
                throw new InvalidReportParameterException("date_to", "must not be before date_from");
            }
            out.put("date_from", from.toString());
            out.put("date_to", to.toString());
            for (String optional : List.of("rows", "row_ms", "fail_times")) {
                Object v = raw.get(optional);
                if (v != null) {
                    try {
                        int n = Integer.parseInt(String.valueOf(v));
                        if (n < 0 || n > 1_000_000) {
                            throw new InvalidReportParameterException(optional, "must be between 0 and 1000000");
                        }
                        out.put(optional, Integer.toString(n));
                    } catch (NumberFormatException e) {
                        throw new InvalidReportParameterException(optional, "must be a whole number");
                    }
                }
            }
            if (raw.get("key") != null) {
                out.put("key", String.valueOf(raw.get("key")));
            }
            if (raw.get("cari_code") != null) {
                out.put("cari_code", String.valueOf(raw.get("cari_code")).strip());
            }
            return out;
        }

        private static LocalDate date(Map<String, Object> raw, String field) {
            Object v = raw.get(field);
            if (v == null) {
                throw new InvalidReportParameterException(field, "is required (yyyy-MM-dd)");
            }
            try {
                return LocalDate.parse(String.valueOf(v));
            } catch (DateTimeParseException e) {
                throw new InvalidReportParameterException(field, "'" + v + "' is not a date (yyyy-MM-dd)");
            }
        }

        @Override
        public void write(Map<String, String> p, OutputStream out, ReportProgress progress) throws IOException {
            int rows = Integer.parseInt(p.getOrDefault("rows", "5"));
            int rowMs = Integer.parseInt(p.getOrDefault("row_ms", "0"));
            List<List<String>> sheet = new ArrayList<>();
            sheet.add(List.of("Sıra", "Tarih aralığı"));
            for (int i = 1; i <= rows; i++) {
                if (progress.stopRequested()) {
                    throw new ReportStoppedException("stopped at row " + i);
                }
                if (rowMs > 0) {
                    try {
                        Thread.sleep(rowMs);
                    } catch (InterruptedException e) {
                        throw new ReportStoppedException("interrupted at row " + i);
                    }
                }
                sheet.add(List.of(Integer.toString(i), p.get("date_from") + " – " + p.get("date_to")));
                progress.update(i, rows, i + "/" + rows + " satır");
            }
            TinyXlsx.write(out, sheet);
        }
    }
}
