package com.aliaport.ops.exchangerate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The answer of {@code GET /api/kurlar?tarih=D}: the rates of the latest bulletin on or before D (a Saturday
 * gets Friday's). {@code bultenTarihi} says which bulletin that is. Rates are as published, per {@code birim}.
 */
public record RatesOfDay(
        @JsonProperty("tarih") LocalDate tarih,
        @JsonProperty("bulten_tarihi") LocalDate bultenTarihi,
        @JsonProperty("bulten_no") String bultenNo,
        @JsonProperty("kurlar") List<Rate> kurlar) {

    public record Rate(
            @JsonProperty("doviz_kodu") String dovizKodu,
            @JsonProperty("birim") int birim,
            @JsonProperty("doviz_adi") String dovizAdi,
            @JsonProperty("currency_name") String currencyName,
            @JsonProperty("alis") BigDecimal alis,
            @JsonProperty("satis") BigDecimal satis,
            @JsonProperty("efektif_alis") BigDecimal efektifAlis,
            @JsonProperty("efektif_satis") BigDecimal efektifSatis,
            @JsonProperty("kaynak") Source kaynak) {}
}
