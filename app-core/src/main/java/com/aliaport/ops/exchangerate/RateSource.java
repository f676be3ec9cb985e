package com.aliaport.ops.exchangerate;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A service that publishes TCMB's indicative rates: the TCMB XML files, or EVDS. Failures of the source
 * (down, timed out, refused, answered something that is not a bulletin) are
 * {@link SourceUnavailableException}s; "there was no bulletin that day" is an empty answer.
 */
public interface RateSource {
    Source kind();

    /** The bulletin determined on {@code date}; empty when the source says none was published that day. */
    Optional<Bulletin> bulletinOf(LocalDate date);

    /**
     * The newest bulletin, which the caller expects to be that of {@code expected}. TCMB answers from
     * {@code today.xml} whatever its date; a source without a "latest" view asks for {@code expected}.
     */
    default Optional<Bulletin> latest(LocalDate expected) {
        return bulletinOf(expected);
    }

    /** No fallback configured (no EVDS key): every request fails at once, saying why. */
    static RateSource none(Source kind, String why) {
        return new RateSource() {
            @Override
            public Source kind() {
                return kind;
            }

            @Override
            public Optional<Bulletin> bulletinOf(LocalDate date) {
                throw new SourceUnavailableException(kind + " is not configured: " + why);
            }

            @Override
            public String toString() {
                return kind + " (not configured: " + why + ")";
            }
        };
    }
}
