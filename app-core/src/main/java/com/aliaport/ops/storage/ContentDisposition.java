package com.aliaport.ops.storage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a report download (RFC 6266): an ASCII {@code filename} for old clients and
 * the exact name, Turkish letters included, as {@code filename*=UTF-8''…}.
 */
public final class ContentDisposition {
    private ContentDisposition() {}

    public static String attachment(String downloadName) {
        return "attachment; filename=\"" + downloadName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"; filename*=UTF-8''"
                + URLEncoder.encode(downloadName, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
