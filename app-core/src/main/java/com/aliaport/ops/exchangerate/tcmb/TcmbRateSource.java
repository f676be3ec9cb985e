package com.aliaport.ops.exchangerate.tcmb;

import com.aliaport.ops.exchangerate.Bulletin;
import com.aliaport.ops.exchangerate.MalformedBulletinException;
import com.aliaport.ops.exchangerate.RateSource;
import com.aliaport.ops.exchangerate.Source;
import com.aliaport.ops.exchangerate.SourceHttpClient;
import com.aliaport.ops.exchangerate.SourceUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * TCMB's bulletin files: {@code {base}/today.xml} and {@code {base}/yyyyMM/ddMMyyyy.xml}. A 404 on the archive
 * means TCMB published no bulletin that day; any other failure means the source is down.
 */
public final class TcmbRateSource implements RateSource {
    /** A full bulletin is 7–10 KB; anything near this cap is not one. */
    public static final int MAX_BYTES = 1 << 20;

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("ddMMyyyy");
    private static final Map<String, String> HEADERS = Map.of("Accept", "application/xml, text/xml;q=0.9, */*;q=0.1");

    private final String base;
    private final SourceHttpClient http;
    private final Duration timeout;
    private final TcmbBulletinParser parser = new TcmbBulletinParser(MAX_BYTES);

    public TcmbRateSource(URI base, SourceHttpClient http, Duration timeout) {
        this.base = base.toString().replaceAll("/+$", "");
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public Source kind() {
        return Source.TCMB;
    }

    public URI todayUri() {
        return URI.create(base + "/today.xml");
    }

    public URI archiveUri(LocalDate date) {
        return URI.create(base + "/" + MONTH.format(date) + "/" + DAY.format(date) + ".xml");
    }

    @Override
    public Optional<Bulletin> latest(LocalDate expected) {
        SourceHttpClient.Answer answer = http.get(todayUri(), timeout, MAX_BYTES, HEADERS);
        if (answer.status() != 200) {
            throw unavailable(answer);
        }
        return Optional.of(parse(answer));
    }

    @Override
    public Optional<Bulletin> bulletinOf(LocalDate date) {
        SourceHttpClient.Answer answer = http.get(archiveUri(date), timeout, MAX_BYTES, HEADERS);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw unavailable(answer);
        }
        return Optional.of(parse(answer));
    }

    private Bulletin parse(SourceHttpClient.Answer answer) {
        try {
            return parser.parse(answer.body());
        } catch (MalformedBulletinException e) {
            throw new MalformedBulletinException(answer.uri() + ": " + e.getMessage(), e);
        }
    }

    private static SourceUnavailableException unavailable(SourceHttpClient.Answer answer) {
        return new SourceUnavailableException(answer.uri() + ": HTTP " + answer.status()
                + answer.contentType().map(t -> " (" + t + ")").orElse("") + " " + answer.snippet());
    }

    @Override
    public String toString() {
        return "TCMB " + base;
    }
}
