package com.aliaport.ops.daemon.http;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.HttpTls;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP listener: scheduler health (no auth), Prometheus metrics, and the route modules of the
 * features (report API, exchange rates). Errors are always the JSON envelope, never a stack trace.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final long MAX_BODY_BYTES = 1_000_000L;
    /** The message of the 413 answer, whichever check finds the body too large (Javalin's or a handler's own). */
    public static final String BODY_TOO_LARGE = "the request body is over 1 MB (" + MAX_BODY_BYTES + " bytes)";

    /** What {@code /api/scheduler/health} reports. */
    public record Health(BooleanSupplier up, Supplier<Map<String, Object>> details) {}

    private final Javalin app;

    public HttpServer(AppConfig.Http config, Health health, Supplier<String> metrics, List<Consumer<Javalin>> routes) {
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.useVirtualThreads = true;
            config.tls()
                    .ifPresent(tls -> cfg.jetty.addConnector((server, httpConfig) ->
                            httpsConnector(server, httpConfig, tls, config.bind(), config.port())));
        });
        app.get("/api/scheduler/health", ctx -> {
            boolean up = health.up().getAsBoolean();
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("status", up ? "UP" : "DOWN");
            data.putAll(health.details().get());
            ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                    .json(ApiResponse.ok(data, up ? "scheduler running" : "scheduler not running"));
        });
        app.get("/metrics", ctx -> {
            if (config.metricsUser().isPresent() && !basicAuthMatches(ctx, config)) {
                ctx.header("WWW-Authenticate", "Basic realm=\"aliaport-metrics\"")
                        .status(HttpStatus.UNAUTHORIZED)
                        .json(ApiResponse.error("UNAUTHORIZED", "metrics need basic auth"));
                return;
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get());
        });
        routes.forEach(r -> r.accept(app));
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            // Javalin's own "Endpoint … not found" is plain text; a route's own 404 is already our JSON.
            String type = ctx.res().getContentType();
            if (ctx.result() == null
                    || ctx.result().isEmpty()
                    || type == null
                    || !type.startsWith("application/json")) {
                ctx.json(ApiResponse.error("NOT_FOUND", "no such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
        app.error(
                HttpStatus.CONTENT_TOO_LARGE, ctx -> ctx.json(ApiResponse.error("PAYLOAD_TOO_LARGE", BODY_TOO_LARGE)));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(ApiResponse.error("INTERNAL", "internal error"));
        });
        if (config.tls().isPresent()) {
            app.start(); // the HTTPS connector replaces Javalin's default one
        } else {
            app.start(config.bind(), config.port());
        }
        log.info("{} listening on {}:{}", config.tls().isPresent() ? "HTTPS" : "HTTP", config.bind(), app.port());
    }

    /**
     * The one listener, with TLS from the PKCS12 keystore. The SNI host check is off: which names the
     * certificate covers is for the client to verify, and staff may reach the daemon by an address or a name the
     * certificate does not list.
     */
    private static ServerConnector httpsConnector(
            Server server, HttpConfiguration httpConfig, HttpTls tls, String bind, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(tls.password().value());
        ssl.setCertAlias(tls.keyAlias());
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        httpConfig.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(httpConfig));
        connector.setHost(bind);
        connector.setPort(port);
        return connector;
    }

    private static boolean basicAuthMatches(io.javalin.http.Context ctx, AppConfig.Http config) {
        var credentials = ctx.basicAuthCredentials();
        if (credentials == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(
                        credentials.getUsername().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        config.metricsUser().get().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                && java.security.MessageDigest.isEqual(
                        credentials.getPassword().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        config.metricsPassword().get().value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
