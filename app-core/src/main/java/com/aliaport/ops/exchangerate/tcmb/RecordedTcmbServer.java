package com.aliaport.ops.exchangerate.tcmb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for {@code https://www.tcmb.gov.tr/kurlar}, serving real recorded bulletins (bundled under
 * {@code demo/tcmb/}) in TCMB's layout: {@code {base}/today.xml} is the newest of them,
 * {@code {base}/yyyyMM/ddMMyyyy.xml} the one of that date, and any other date is a 404 like TCMB's for a day
 * without bulletin. The daemon's {@code demo} points {@code ALIAPORT_TCMB_URL} at {@link #baseUri()}.
 */
public final class RecordedTcmbServer implements AutoCloseable {
    /** The bundled bulletins: 15.03.2016 in ISO-8859-9, 08.10.2020 and 31.01.2024 in UTF-8. */
    public static final LocalDate[] BUNDLED = {
        LocalDate.of(2016, 3, 15), LocalDate.of(2020, 10, 8), LocalDate.of(2024, 1, 31)
    };

    private static final Logger log = LoggerFactory.getLogger(RecordedTcmbServer.class);
    private static final String BASE_PATH = "/kurlar";
    private static final DateTimeFormatter FILE = DateTimeFormatter.ofPattern("yyyyMM/ddMMyyyy");

    private final HttpServer server;
    private final ExecutorService executor;
    private final NavigableMap<LocalDate, byte[]> bulletins;

    private RecordedTcmbServer(HttpServer server, ExecutorService executor, NavigableMap<LocalDate, byte[]> bulletins) {
        this.server = server;
        this.executor = executor;
        this.bulletins = bulletins;
    }

    /** Starts on the loopback interface; port 0 picks a free one. */
    public static RecordedTcmbServer start(int port) {
        NavigableMap<LocalDate, byte[]> bulletins = new TreeMap<>();
        for (LocalDate date : BUNDLED) {
            bulletins.put(date, resource("demo/tcmb/" + date + ".xml"));
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            RecordedTcmbServer recorded = new RecordedTcmbServer(server, executor, bulletins);
            server.createContext(BASE_PATH + "/", recorded::handle);
            server.start();
            log.info("recorded TCMB bulletins served at {}", recorded.baseUri());
            return recorded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the recorded TCMB server on port " + port, e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = RecordedTcmbServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("bundled bulletin " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    /** The value for {@code ALIAPORT_TCMB_URL}. */
    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort() + BASE_PATH);
    }

    public LocalDate newest() {
        return bulletins.lastKey();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath().substring(BASE_PATH.length() + 1);
            byte[] body = "today.xml".equals(path) ? bulletins.lastEntry().getValue() : archived(path);
            if (body == null) {
                byte[] notFound =
                        "<html><body><h1>404 Not Found</h1></body></html>".getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().set("Content-Type", "text/html");
                exchange.sendResponseHeaders(404, notFound.length);
                exchange.getResponseBody().write(notFound);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private byte[] archived(String path) {
        for (Map.Entry<LocalDate, byte[]> e : bulletins.entrySet()) {
            if (path.equals(FILE.format(e.getKey()) + ".xml")) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
