package com.aliaport.ops.daemon.reportapi;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.http.HttpServer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Request bodies are read strictly: a key given twice or anything after the one JSON value is refused,
 * so that what the caller meant is never guessed (lenient parsers differ on which duplicate wins).
 */
final class StrictJsonBody {
    /** The daemon's one limit: Javalin refuses a declared length over it before any handler runs. */
    private static final long MAX_BODY_BYTES = HttpServer.MAX_BODY_BYTES;

    private static final ObjectReader STRICT_BODY = Json.MAPPER
            .reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJsonBody() {}

    /** The request body as a JSON object, at most 1 MB; an empty body is an empty object. */
    static Map<String, Object> read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                buf.write(chunk, 0, n);
                if (buf.size() > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
            }
            bytes = buf.toByteArray();
        } catch (IOException e) {
            throw ApiError.badField("body", "the request body could not be read: " + e.getMessage());
        }
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = STRICT_BODY.readTree(bytes);
        } catch (StreamReadException e) {
            throw duplicateKey(e)
                    .map(name ->
                            ApiError.badField(name, "'" + ApiError.clip(name) + "' appears more than once in the body"))
                    .orElseGet(() -> ApiError.badField("body", "the request body is not valid JSON"));
        } catch (MismatchedInputException e) {
            // FAIL_ON_TRAILING_TOKENS: one JSON value, then more.
            throw ApiError.badField("body", "the request body has more after its JSON value");
        } catch (IOException e) {
            throw ApiError.badField("body", "the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badField("body", "the request body must be a JSON object of report filters");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.MAPPER.convertValue(node, Map.class);
        return map;
    }

    /**
     * A key given twice, as the strict parser found it: which of two values a report would read is not for
     * the parser to guess. Only the parser's own duplicate report is taken, never another syntax error.
     */
    private static Optional<String> duplicateKey(StreamReadException e) {
        if (e.getOriginalMessage() == null
                || !e.getOriginalMessage().startsWith("Duplicate field ")
                || !(e.getProcessor() instanceof JsonParser parser)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(parser.currentName());
        } catch (IOException notReadable) {
            return Optional.empty();
        }
    }

    private static ApiError tooLarge() {
        return ApiError.of(413, "PAYLOAD_TOO_LARGE", HttpServer.BODY_TOO_LARGE);
    }
}
