package com.aliaport.ops.exchangerate.evds;

import java.util.List;

/**
 * A currency EVDS publishes TCMB's forex rates for, with the unit TCMB quotes it in: EVDS itself returns no
 * unit, and its JPY series are per 100 like the XML's.
 */
public record EvdsCurrency(String code, int unit) {
    /** The daily forex series available on EVDS3 (checked 2026-03-22). */
    public static final List<EvdsCurrency> DEFAULT = List.of(
            new EvdsCurrency("USD", 1),
            new EvdsCurrency("AUD", 1),
            new EvdsCurrency("DKK", 1),
            new EvdsCurrency("EUR", 1),
            new EvdsCurrency("GBP", 1),
            new EvdsCurrency("CHF", 1),
            new EvdsCurrency("SEK", 1),
            new EvdsCurrency("CAD", 1),
            new EvdsCurrency("KWD", 1),
            new EvdsCurrency("NOK", 1),
            new EvdsCurrency("SAR", 1),
            new EvdsCurrency("JPY", 100),
            new EvdsCurrency("RON", 1),
            new EvdsCurrency("RUB", 1),
            new EvdsCurrency("CNY", 1),
            new EvdsCurrency("PKR", 1),
            new EvdsCurrency("QAR", 1),
            new EvdsCurrency("KRW", 1),
            new EvdsCurrency("AZN", 1),
            new EvdsCurrency("AED", 1),
            new EvdsCurrency("KZT", 1));

    public String buyingSeries() {
        return "TP.DK." + code + ".A.YTL";
    }

    public String sellingSeries() {
        return "TP.DK." + code + ".S.YTL";
    }

    /** Keys in the JSON answer are the series codes with dots turned into underscores. */
    String buyingKey() {
        return buyingSeries().replace('.', '_');
    }

    String sellingKey() {
        return sellingSeries().replace('.', '_');
    }
}
