package com.aliaport.ops.exchangerate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on the loopback interface whose answers a test sets per path (the raw path, so EVDS's
 * {@code series=…&…} paths match as sent). Unknown paths get 404. Records every request.
 */
public final class LocalHttpServer implements AutoCloseable {
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    public record Request(String rawPath, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Responder> exact = new ConcurrentHashMap<>();
    private final List<Map.Entry<String, Function<String, Responder>>> prefixes = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public LocalHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public LocalHttpServer on(String rawPath, Responder responder) {
        exact.put(rawPath, responder);
        return this;
    }

    /** Answers every path under {@code prefix}; the function gets the rest of the path. */
    public LocalHttpServer onPrefix(String prefix, Function<String, Responder> responder) {
        prefixes.addFirst(Map.entry(prefix, responder));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders())));
            Responder r = exact.get(path);
            if (r == null) {
                for (var p : prefixes) {
                    if (path.startsWith(p.getKey())) {
                        r = p.getValue().apply(path.substring(p.getKey().length()));
                        break;
                    }
                }
            }
            (r == null ? status(404, "text/html", "<html><body>Not Found</body></html>") : r).respond(exchange);
        }
    }

    public static Responder body(int status, String contentType, byte[] body) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        };
    }

    public static Responder status(int status, String contentType, String body) {
        return body(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Responder xml(byte[] body) {
        return body(200, "text/xml", body);
    }

    /** Redirects to {@code location} with a 302. */
    public static Responder redirect(String location) {
        return ex -> {
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(302, -1);
        };
    }

    /** Accepts the request and never answers (until the server closes). */
    public Responder never() {
        return ex -> {
            try {
                closing.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
