package com.aliaport.ops.daemon.reportapi;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Bearer tokens name the user: each configured token stands for one user. */
final class BearerTokens {
    private final Map<String, String> usersByToken;

    BearerTokens(Map<String, String> usersByToken) {
        this.usersByToken = Map.copyOf(usersByToken);
    }

    /** The user the request's token names; a 401 with a {@code WWW-Authenticate} challenge otherwise. */
    String authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiError.of(401, "UNAUTHORIZED", "an Authorization: Bearer <token> header is required");
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        String user = null;
        // Compare with every token in constant time, so timing does not reveal how much of a token matched.
        for (Map.Entry<String, String> e : usersByToken.entrySet()) {
            if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), given)) {
                user = e.getValue();
            }
        }
        if (user == null) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw ApiError.of(401, "UNAUTHORIZED", "the Bearer token is not valid");
        }
        return user;
    }
}
