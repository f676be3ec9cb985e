package com.aliaport.ops.exchangerate.evds;

import com.aliaport.ops.config.Secret;
import com.aliaport.ops.exchangerate.Bulletin;
import com.aliaport.ops.exchangerate.RateSource;
import com.aliaport.ops.exchangerate.Source;
import com.aliaport.ops.exchangerate.SourceHttpClient;
import com.aliaport.ops.exchangerate.SourceUnavailableException;
import com.aliaport.ops.exchangerate.TurkishBusinessCalendar;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The EVDS web service, the fallback when TCMB's files fail. Parameters go in the path (no {@code ?}), the API
 * key in the {@code key} header. EVDS dates its rows one business day late: the row dated D holds the bulletin
 * determined on the last TCMB business day before D (a Friday bulletin is Monday's row). So the bulletin of B
 * is the first row after B that carries values, and that row must belong to B.
 */
public final class EvdsRateSource implements RateSource {
    /** 21 currencies × a few weeks is under 30 KB; a 1000-row answer would be ≈1.3 MB. */
    public static final int MAX_BYTES = 4 << 20;

    private static final DateTimeFormatter PARAM = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    private final String base;
    private final Optional<Secret> key;
    private final SourceHttpClient http;
    private final Duration timeout;
    private final TurkishBusinessCalendar calendar;
    private final List<EvdsCurrency> currencies;
    private final EvdsResponseParser parser;

    /**
     * {@code key} is optional only so that the refusal of a key-less request can be seen; the composition root
     * uses {@link RateSource#none} when no key is configured, and no request is made.
     */
    public EvdsRateSource(
            URI base,
            Optional<Secret> key,
            SourceHttpClient http,
            Duration timeout,
            TurkishBusinessCalendar calendar,
            ObjectMapper mapper) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b : b + "/";
        this.key = key;
        this.http = http;
        this.timeout = timeout;
        this.calendar = calendar;
        this.currencies = EvdsCurrency.DEFAULT;
        this.parser = new EvdsResponseParser(mapper, currencies);
    }

    @Override
    public Source kind() {
        return Source.EVDS;
    }

    /** The request for the EVDS rows dated {@code from}..{@code to}, built as a raw path the way EVDS wants it. */
    public URI seriesUri(LocalDate from, LocalDate to) {
        String series = currencies.stream()
                .map(c -> c.buyingSeries() + "-" + c.sellingSeries())
                .collect(Collectors.joining("-"));
        return URI.create(base + "series=" + series + "&startDate=" + PARAM.format(from) + "&endDate="
                + PARAM.format(to) + "&type=json&frequency=1");
    }

    /** An answer's text as it may go into a message, a log line or an alert: a server that echoes the key loses it. */
    private String withoutKey(String text) {
        return key.map(k -> text.replace(k.value(), "****")).orElse(text);
    }

    @Override
    public Optional<Bulletin> bulletinOf(LocalDate date) {
        LocalDate from = date.plusDays(1);
        LocalDate to = calendar.nextBusinessDay(date);
        SourceHttpClient.Answer answer = http.get(
                seriesUri(from, to),
                timeout,
                MAX_BYTES,
                Map.of("Accept", "application/json"),
                // The key goes to EVDS's own host only, never along a redirect to another.
                key.map(k -> Map.of("key", k.value())).orElse(Map.of()));
        if (answer.status() == 401 || answer.status() == 403) {
            throw new SourceUnavailableException(
                    "EVDS refused the request (HTTP " + answer.status() + "): " + withoutKey(answer.snippet())
                            + (key.isEmpty()
                                    ? " — no API key was sent (ALIAPORT_EVDS_API_KEY)"
                                    : " — check ALIAPORT_EVDS_API_KEY"));
        }
        if (answer.status() != 200) {
            throw new SourceUnavailableException(
                    "EVDS " + answer.uri() + ": HTTP " + answer.status() + " " + withoutKey(answer.snippet()));
        }
        String type = answer.contentType().orElse("");
        if (!type.toLowerCase().contains("json")) {
            // A moved EVDS answers its web UI (HTML) with 200, or after a redirect.
            throw new SourceUnavailableException("EVDS answered '" + type
                    + "', not JSON (is ALIAPORT_EVDS_URL right?): " + withoutKey(answer.snippet()));
        }
        for (EvdsResponseParser.Row row : parser.parse(answer.body())) {
            if (row.evdsDate().isAfter(date) && !row.empty()) {
                LocalDate holds = calendar.previousBusinessDay(row.evdsDate());
                if (!holds.equals(date)) {
                    throw new SourceUnavailableException("EVDS has no row for the bulletin of " + date
                            + ": its first row after it, " + row.evdsDate() + ", holds the bulletin of " + holds);
                }
                return Optional.of(new Bulletin(date, Optional.empty(), Source.EVDS, row.rates(), List.of()));
            }
        }
        throw new SourceUnavailableException("EVDS has no values yet for the bulletin of " + date + " (rows "
                + PARAM.format(from) + " to " + PARAM.format(to) + " are empty)");
    }

    @Override
    public String toString() {
        return "EVDS " + base;
    }
}
