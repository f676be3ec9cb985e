package com.aliaport.ops.daemon.reportapi;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.http.ApiResponse;
import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.reportqueue.ReportQueueException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The envelope {@link ReportApi} answers in, and the error each failure of a handler answers as. */
final class ApiAnswers {
    private static final Logger log = LoggerFactory.getLogger(ApiAnswers.class);

    private ApiAnswers() {}

    static Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (ApiError e) {
                fail(ctx, e);
            } catch (InvalidReportParameterException e) {
                fail(ctx, ApiError.badField(e.field(), e.getMessage()));
            } catch (ReportQueueException.UnknownType e) {
                fail(ctx, ApiError.badField("type", e.getMessage()));
            } catch (ReportQueueException.RateLimited e) {
                fail(ctx, ApiError.retryLater(429, "RATE_LIMITED", e.getMessage(), e.retryAfter()));
            } catch (ReportQueueException.BacklogFull e) {
                fail(ctx, ApiError.retryLater(503, "QUEUE_FULL", e.getMessage(), e.retryAfter()));
            } catch (ReportQueueException.IdempotencyConflict e) {
                fail(
                        ctx,
                        new ApiError(
                                409,
                                "IDEMPOTENCY_KEY_REUSED",
                                e.getMessage(),
                                Optional.of("Idempotency-Key"),
                                Optional.empty()));
            } catch (ReportQueueException.NotCancellable | ReportQueueException.NotRequeueable e) {
                fail(ctx, ApiError.of(409, "CONFLICT", e.getMessage()));
            } catch (ReportQueueException.NotFound e) {
                fail(ctx, ApiError.of(404, "NOT_FOUND", e.getMessage()));
            } catch (org.jooq.exception.DataAccessException e) {
                log.warn("report API: database unavailable: {}", e.toString());
                fail(
                        ctx,
                        ApiError.retryLater(
                                503,
                                "UNAVAILABLE",
                                "the report database is unavailable; try again shortly",
                                Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                log.error("report API: {} {} failed", ctx.method(), ctx.path(), e);
                fail(ctx, ApiError.of(500, "INTERNAL", "internal error"));
            }
        };
    }

    static void ok(Context ctx, int status, Object data, String message) {
        ctx.status(status)
                .contentType("application/json; charset=utf-8")
                .result(Json.write(ApiResponse.ok(data, message)));
    }

    private static void fail(Context ctx, ApiError e) {
        e.retryAfter.ifPresent(r -> ctx.header("Retry-After", Long.toString(Math.max(1, (r.toMillis() + 999) / 1000))));
        ctx.status(e.status)
                .contentType("application/json; charset=utf-8")
                .result(Json.write(ApiResponse.error(e.code, e.getMessage(), e.field)));
    }
}
