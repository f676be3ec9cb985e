package com.aliaport.ops.daemon.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The envelope the seed's frontend expects: {@code {success, data, message}} or {@code {success:false, error}}. */
public final class ApiResponse {
    private ApiResponse() {}

    public static Map<String, Object> ok(Object data, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("data", data);
        body.put("message", message);
        return body;
    }

    public static Map<String, Object> error(String code, String message) {
        return error(code, message, Optional.empty());
    }

    /** An error naming the one input at fault ({@code error.field}), where there is one. */
    public static Map<String, Object> error(String code, String message, Optional<String> field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        field.ifPresent(f -> error.put("field", f));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", error);
        return body;
    }
}
