package com.aliaport.ops.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one JSON mapper configuration of the system: ISO dates, no Java serialisation anywhere. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new AliaportException(
                    "cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new AliaportException(
                    "cannot read JSON as " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A flat object of texts (a report's parameters, a queue message) as JSON, byte for byte what the mapper writes.
     * Written by hand: it runs for every task, and Jackson's generator inlined into it made one of the JIT's costliest
     * compilations (C2 ~0.65 s of CPU on this kind of machine, docs/benchmarks.md), for what is a loop over
     * characters.
     */
    public static String writeStrings(Map<String, String> values) {
        StringBuilder out = new StringBuilder(2 + 32 * values.size()).append('{');
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            quoted(out, e.getKey()).append(':');
            if (e.getValue() == null) {
                out.append("null");
            } else {
                quoted(out, e.getValue());
            }
        }
        return out.append('}').toString();
    }

    /** A JSON string as Jackson writes it by default: quote, backslash and control characters escaped, no others. */
    private static StringBuilder quoted(StringBuilder out, String text) {
        out.append('"');
        int plain = 0; // start of the characters not yet copied
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '"' && c != '\\' && c >= 0x20) {
                continue;
            }
            out.append(text, plain, i).append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            plain = i + 1;
        }
        return out.append(text, plain, text.length()).append('"');
    }

    /**
     * The flat object {@link #writeStrings} writes, read with the streaming parser: numbers and booleans as their
     * text, {@code null} as null, in the document's order. Throws when the JSON is malformed, not an object, or holds
     * an object or array as a value.
     */
    public static Map<String, String> readStrings(String json) {
        if (json.equals("{}")) {
            return new LinkedHashMap<>();
        }
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AliaportException("cannot read JSON as a map of texts: not an object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    throw new AliaportException("cannot read JSON as a map of texts: " + name + " is not a text");
                }
                values.put(name, value == JsonToken.VALUE_NULL ? null : p.getText());
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new AliaportException("cannot read JSON as a map of texts: not one object");
            }
            return values;
        } catch (IOException e) {
            throw new AliaportException("cannot read JSON as a map of texts: " + e.getMessage(), e);
        }
    }
}
