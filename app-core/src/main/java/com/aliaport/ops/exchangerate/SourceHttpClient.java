package com.aliaport.ops.exchangerate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP GET both rate sources use: connect timeout, one deadline for the whole answer (headers and body,
 * redirects included, so a server that trickles bytes cannot hold a run), an explicit User-Agent, redirects
 * followed (at most {@value #MAX_REDIRECTS}, never from https down to http), and a cap on the body size. Every
 * failure becomes a {@link SourceUnavailableException} whose message names the URL and what went wrong.
 *
 * <p>Redirects are followed here, not by the JDK: its client sends every header of the request again to
 * wherever a redirect points, so a credential header (EVDS's {@code key}) would go to another host. Credentials
 * go only to the origin (scheme, host, port) they were given for.
 */
public final class SourceHttpClient implements AutoCloseable {
    public static final String USER_AGENT = "AliaportOps/0.1 (exchange-rate sync; +https://www.aliaport.com.tr)";
    static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final Duration connectTimeout;

    public SourceHttpClient(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A complete answer of any status; the caller decides what a status means. */
    public record Answer(URI uri, int status, Optional<String> contentType, byte[] body, Optional<String> location) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The start of the body, on one line, for error messages. */
        public String snippet() {
            String text = bodyText().replaceAll("\\s+", " ").strip();
            return text.length() <= 160 ? text : text.substring(0, 160) + "…";
        }
    }

    public Answer get(URI uri, Duration timeout, int maxBytes, Map<String, String> headers) {
        return get(uri, timeout, maxBytes, headers, Map.of());
    }

    /**
     * As {@link #get(URI, Duration, int, Map)}, with {@code credentials}: headers sent to {@code uri}'s own origin
     * only, dropped on a redirect to any other scheme, host or port.
     */
    public Answer get(
            URI uri, Duration timeout, int maxBytes, Map<String, String> headers, Map<String, String> credentials) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new SourceUnavailableException(uri + ": no complete answer within " + seconds(timeout));
            }
            Map<String, String> sent = new LinkedHashMap<>(headers);
            if (sameOrigin(uri, current)) {
                sent.putAll(credentials);
            }
            Answer answer = once(current, left, timeout, maxBytes, sent);
            Optional<URI> next = redirectTarget(current, answer);
            if (next.isEmpty()) {
                return answer;
            }
            if (redirects >= MAX_REDIRECTS) {
                throw new SourceUnavailableException(
                        uri + ": more than " + MAX_REDIRECTS + " redirects (last to " + next.get() + ")");
            }
            current = next.get();
        }
    }

    /** Where a 301/302/303/307/308 with a Location points; none for other answers or an https-to-http one. */
    private static Optional<URI> redirectTarget(URI from, Answer answer) {
        if (!List.of(301, 302, 303, 307, 308).contains(answer.status())) {
            return Optional.empty();
        }
        return answer.location().flatMap(location -> {
            URI next;
            try {
                next = from.resolve(location.strip());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            boolean http = "http".equalsIgnoreCase(next.getScheme()) || "https".equalsIgnoreCase(next.getScheme());
            boolean downgrade =
                    "https".equalsIgnoreCase(from.getScheme()) && !"https".equalsIgnoreCase(next.getScheme());
            return http && !downgrade && next.getHost() != null ? Optional.of(next) : Optional.empty();
        });
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private Answer once(URI uri, Duration left, Duration timeout, int maxBytes, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(left)
                .header("User-Agent", USER_AGENT)
                .GET();
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request.build(), info -> new CappedBody(maxBytes, info));
        try {
            HttpResponse<byte[]> response = pending.get(left.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(
                    response.uri(),
                    response.statusCode(),
                    response.headers().firstValue("Content-Type"),
                    response.body(),
                    response.headers().firstValue("Location"));
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new SourceUnavailableException(uri + ": no complete answer within " + seconds(timeout));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException(uri + ": interrupted while waiting for the answer", e);
        } catch (ExecutionException e) {
            throw translate(uri, timeout, e.getCause());
        }
    }

    private SourceUnavailableException translate(URI uri, Duration timeout, Throwable cause) {
        return switch (cause) {
            case BodyTooLargeException tooLarge -> new MalformedBulletinException(uri + ": " + tooLarge.getMessage());
            case HttpConnectTimeoutException ignored ->
                new SourceUnavailableException(uri + ": could not connect within " + seconds(connectTimeout), cause);
            case HttpTimeoutException ignored ->
                new SourceUnavailableException(uri + ": no answer within " + seconds(timeout), cause);
            case ConnectException ignored ->
                new SourceUnavailableException(uri + ": connection refused (" + cause.getMessage() + ")", cause);
            case IOException io -> new SourceUnavailableException(uri + ": " + describe(io), io);
            default -> new SourceUnavailableException(uri + ": " + describe(cause), cause);
        };
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null
                ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        client.close();
    }

    private static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit, String seen) {
            super("answer is larger than the " + limit + "-byte cap (" + seen + ")");
        }
    }

    /** Collects the body up to {@code max} bytes and gives up (closing the connection) beyond that. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final long declared;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int max, HttpResponse.ResponseInfo info) {
            this.max = max;
            this.declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > max) {
                s.cancel();
                result.completeExceptionally(new BodyTooLargeException(max, "Content-Length " + declared));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (out.size() + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(
                            new BodyTooLargeException(max, "more than " + max + " bytes received"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }
    }
}
