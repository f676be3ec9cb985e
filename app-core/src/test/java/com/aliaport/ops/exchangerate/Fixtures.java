package com.aliaport.ops.exchangerate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The shipped TCMB and EVDS recordings (provenance and checksums in {@code fixtures/README.md}: TCMB in main resources
 * under {@code demo/tcmb/}, EVDS in test resources), and the variants tests make from them in code.
 */
public final class Fixtures {
    public static final LocalDate TCMB_2016 = LocalDate.of(2016, 3, 15);
    public static final LocalDate TCMB_2020 = LocalDate.of(2020, 10, 8);
    public static final LocalDate TCMB_2024 = LocalDate.of(2024, 1, 31);

    private Fixtures() {}

    public static byte[] tcmb(LocalDate date) {
        return resource("demo/tcmb/" + date + ".xml");
    }

    public static byte[] evdsFx() {
        return resource("fixtures/evds/evds3-fx-21ccy-A-S-2026-03-01_2026-03-22.json");
    }

    public static byte[] evds403() {
        return resource("fixtures/evds/evds3-error-403-missing-key-header.json");
    }

    /** The 31.01.2024 bulletin as text (it is UTF-8). */
    public static String tcmb2024Text() {
        return new String(tcmb(TCMB_2024), StandardCharsets.UTF_8);
    }

    /** The 31.01.2024 bulletin re-dated to {@code date}, rates unchanged: a plausible bulletin of any day. */
    public static byte[] tcmb2024DatedOn(LocalDate date) {
        return redate(tcmb2024Text(), date).getBytes(StandardCharsets.UTF_8);
    }

    public static String redate(String xml, LocalDate date) {
        return xml.replace(
                        "Tarih=\"31.01.2024\"",
                        "Tarih=\"" + DateTimeFormatter.ofPattern("dd.MM.yyyy").format(date) + "\"")
                .replace(
                        "Date=\"01/31/2024\"",
                        "Date=\"" + DateTimeFormatter.ofPattern("MM/dd/yyyy").format(date) + "\"");
    }

    /** Replaces one element value of the USD entry (the first currency of the 2024 bulletin). */
    public static String withUsd(String xml, String element, String value) {
        int usd = xml.indexOf("<Currency CrossOrder=\"0\" Kod=\"USD\"");
        int end = xml.indexOf("</Currency>", usd);
        String entry = xml.substring(usd, end)
                .replaceFirst(
                        "<" + element + ">[^<]*</" + element + ">", "<" + element + ">" + value + "</" + element + ">");
        return xml.substring(0, usd) + entry + xml.substring(end);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
