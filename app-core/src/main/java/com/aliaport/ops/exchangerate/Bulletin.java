package com.aliaport.ops.exchangerate;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One day's indicative rates, under the bulletin's own date ({@code Tarih}), never the date of the request.
 * {@code skipped} names the entries left out because they carry no buying rate (the 2010-era legacy
 * currencies).
 */
public record Bulletin(
        LocalDate date, Optional<String> bulletinNo, Source source, List<CurrencyRate> rates, List<String> skipped) {

    public Bulletin {
        rates = List.copyOf(rates);
        skipped = List.copyOf(skipped);
    }

    public Optional<CurrencyRate> rate(String code) {
        return rates.stream().filter(r -> r.code().equals(code)).findFirst();
    }
}
