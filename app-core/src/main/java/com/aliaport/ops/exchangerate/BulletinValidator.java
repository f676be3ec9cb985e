package com.aliaport.ops.exchangerate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hard checks that reject a whole bulletin: it has currencies, every rate is positive, no buying rate is
 * above its selling rate, no currency appears twice, every code and rate fits its {@code kurlar} column, and it
 * is dated as asked. All problems are reported together. Banknote buying above banknote selling only warns: EVDS
 * history has such pairs.
 */
public final class BulletinValidator {
    private static final Logger log = LoggerFactory.getLogger(BulletinValidator.class);
    private static final int MAX_REPORTED = 5;

    private final RateColumns columns;

    public BulletinValidator(RateColumns columns) {
        this.columns = columns;
    }

    /** {@code earliest}..{@code latest}: the dates the answer may carry (one date for an archive request). */
    public void validate(Bulletin b, LocalDate earliest, LocalDate latest) {
        List<String> problems = new ArrayList<>();
        if (b.date().isBefore(earliest) || b.date().isAfter(latest)) {
            problems.add(
                    earliest.equals(latest)
                            ? "it is dated " + b.date() + " but the bulletin of " + earliest + " was asked for"
                            : "it is dated " + b.date() + ", outside " + earliest + ".." + latest);
        }
        if (b.rates().isEmpty()) {
            problems.add("it lists no currencies");
        }
        Set<String> seen = new HashSet<>();
        for (CurrencyRate r : b.rates()) {
            if (!seen.add(r.code())) {
                problems.add(r.code() + " appears twice");
            }
            if (r.code().length() > columns.codeLength()) {
                problems.add("currency code '" + clip(r.code()) + "' is longer than the " + columns.codeLength()
                        + " characters kurlar keeps");
            }
            positive(problems, r.code(), "ForexBuying", r.forexBuying());
            positive(problems, r.code(), "ForexSelling", r.forexSelling());
            positive(problems, r.code(), "BanknoteBuying", r.banknoteBuying());
            positive(problems, r.code(), "BanknoteSelling", r.banknoteSelling());
            fits(problems, r.code(), "ForexBuying", r.forexBuying());
            fits(problems, r.code(), "ForexSelling", r.forexSelling());
            fits(problems, r.code(), "BanknoteBuying", r.banknoteBuying());
            fits(problems, r.code(), "BanknoteSelling", r.banknoteSelling());
            if (r.forexSelling() != null && r.forexBuying().compareTo(r.forexSelling()) > 0) {
                problems.add(r.code() + " buying " + r.forexBuying().toPlainString() + " is above selling "
                        + r.forexSelling().toPlainString());
            }
            if (r.banknoteBuying() != null
                    && r.banknoteSelling() != null
                    && r.banknoteBuying().compareTo(r.banknoteSelling()) > 0) {
                log.warn(
                        "{} bulletin of {}: {} banknote buying {} is above banknote selling {}",
                        b.source(),
                        b.date(),
                        r.code(),
                        r.banknoteBuying(),
                        r.banknoteSelling());
            }
        }
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(MAX_REPORTED, problems.size())));
            String more = problems.size() > MAX_REPORTED ? " (and " + (problems.size() - MAX_REPORTED) + " more)" : "";
            throw new InvalidBulletinException(
                    b.source() + " bulletin of " + b.date() + " rejected, nothing written: " + shown + more);
        }
    }

    /**
     * A rate PostgreSQL would refuse (too many digits before the point: numeric field overflow) or silently
     * round (too many decimals) is refused here, naming the value, before anything is written.
     */
    private void fits(List<String> problems, String code, String field, BigDecimal value) {
        if (value == null) {
            return;
        }
        if (RateColumns.integerDigitsOf(value) > columns.integerDigits()) {
            problems.add(clip(code) + " " + field + " " + clip(value.toPlainString()) + " has more than "
                    + columns.integerDigits() + " digits before the decimal point, more than kurlar keeps");
        }
        if (RateColumns.decimalsOf(value) > columns.decimals()) {
            problems.add(clip(code) + " " + field + " " + clip(value.toPlainString()) + " has more than "
                    + columns.decimals() + " decimals, more than kurlar keeps");
        }
    }

    /** A value as it goes into a message: a hostile bulletin cannot make the message itself huge. */
    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static void positive(List<String> problems, String code, String field, BigDecimal value) {
        if (value != null && value.signum() <= 0) {
            problems.add(code + " " + field + " is " + value.toPlainString() + ", not positive");
        }
    }
}
