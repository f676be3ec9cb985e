package com.aliaport.ops.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one JSON mapper configuration of the system: ISO dates, no Java serialisation anywhere. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

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
     * A flat object of texts (a report's parameters, a queue message) as JSON, written with the streaming generator:
     * on a path run for every task, no serialiser lookup by the mapper.
     */
    public static String writeStrings(Map<String, String> values) {
        if (values.isEmpty()) {
            return "{}"; // a task without parameters (housekeeping, the benchmark's no-op): no generator for it
        }
        StringWriter out = new StringWriter(2 + 24 * values.size());
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : values.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new AliaportException("cannot write JSON for a map of texts", e);
        }
        return out.toString();
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
