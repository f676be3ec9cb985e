package com.aliaport.ops.daemon.http;

import java.util.LinkedHashMap;
import java.util.Map;

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
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", error);
        return body;
    }
}
