package com.aliaport.ops.exchangerate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The answer of {@code GET /api/kurlar?tarih=D}: the rates of the latest bulletin on or before D (a Saturday
 * gets Friday's). {@code bultenTarihi} says which bulletin that is. Rates are as published, per {@code birim}.
 * A rate an operator rejected is never served: that currency carries the latest non-rejected rate before it,
 * with its own {@code tarih}, {@code rejected_rate_skipped} and a {@code note}; a currency with no such rate is
 * left out and named in {@code notes}.
 */
public record RatesOfDay(
        @JsonProperty("tarih") LocalDate tarih,
        @JsonProperty("bulten_tarihi") LocalDate bultenTarihi,
        @JsonProperty("bulten_no") String bultenNo,
        @JsonProperty("kurlar") List<Rate> kurlar,

        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("notes")
        List<String> notes) {

    public RatesOfDay {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * One currency. {@code tarih} is the bulletin date of the rate given (the bulletin's own, unless it
     * substitutes a rejected one).
     */
    public record Rate(
            @JsonProperty("doviz_kodu") String dovizKodu,
            @JsonProperty("birim") int birim,
            @JsonProperty("doviz_adi") String dovizAdi,
            @JsonProperty("currency_name") String currencyName,
            @JsonProperty("alis") BigDecimal alis,
            @JsonProperty("satis") BigDecimal satis,
            @JsonProperty("efektif_alis") BigDecimal efektifAlis,
            @JsonProperty("efektif_satis") BigDecimal efektifSatis,
            @JsonProperty("kaynak") Source kaynak,
            @JsonProperty("tarih") LocalDate tarih,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("rejected_rate_skipped")
            SkippedRate rejectedRateSkipped,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("note")
            String note) {}

    /** The rejected rate of the bulletin that {@link Rate} replaces: as published, who rejected it and why. */
    public record SkippedRate(
            @JsonProperty("tarih") LocalDate tarih,
            @JsonProperty("birim") int birim,
            @JsonProperty("alis") BigDecimal alis,
            @JsonProperty("satis") BigDecimal satis,
            @JsonProperty("rejected_at") Instant rejectedAt,
            @JsonProperty("rejected_by") String rejectedBy,
            @JsonProperty("rejection_note") String rejectionNote) {}
}
