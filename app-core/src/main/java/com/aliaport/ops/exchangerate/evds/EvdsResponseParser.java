package com.aliaport.ops.exchangerate.evds;

import com.aliaport.ops.exchangerate.CurrencyRate;
import com.aliaport.ops.exchangerate.MalformedBulletinException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads an EVDS {@code type=json} answer of the daily forex series ({@code TP.DK.<code>.A.YTL} buying,
 * {@code .S.YTL} selling) into rows by EVDS date. Values are strings with 8 decimals or null; weekend and
 * holiday rows are all null or absent. Unknown keys ({@code UNIXTIME}, …) are ignored.
 */
public final class EvdsResponseParser {
    private static final DateTimeFormatter TARIH =
            DateTimeFormatter.ofPattern("dd-MM-uuuu").withResolverStyle(ResolverStyle.STRICT);

    private final ObjectMapper mapper;
    private final List<EvdsCurrency> currencies;

    public EvdsResponseParser(ObjectMapper mapper, List<EvdsCurrency> currencies) {
        this.mapper = mapper;
        this.currencies = List.copyOf(currencies);
    }

    /** One EVDS row: the rates it carries (currencies without a buying value are left out). */
    public record Row(LocalDate evdsDate, List<CurrencyRate> rates) {
        public boolean empty() {
            return rates.isEmpty();
        }
    }

    /** The rows, oldest first. */
    public List<Row> parse(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new MalformedBulletinException(
                    "EVDS answer is not JSON: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        JsonNode items = root == null ? null : root.get("items");
        if (items == null || !items.isArray()) {
            throw new MalformedBulletinException("EVDS answer has no 'items' array");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode item : items) {
            rows.add(row(item));
        }
        rows.sort(Comparator.comparing(Row::evdsDate));
        return rows;
    }

    private Row row(JsonNode item) {
        String tarih = item.path("Tarih").asText("");
        LocalDate date;
        try {
            date = LocalDate.parse(tarih, TARIH);
        } catch (DateTimeParseException e) {
            throw new MalformedBulletinException("EVDS row date '" + tarih + "' is not dd-MM-yyyy", e);
        }
        List<CurrencyRate> rates = new ArrayList<>();
        for (EvdsCurrency c : currencies) {
            BigDecimal buying = value(item, c.buyingKey(), tarih);
            if (buying != null) {
                rates.add(CurrencyRate.forex(c.code(), c.unit(), buying, value(item, c.sellingKey(), tarih)));
            }
        }
        return new Row(date, rates);
    }

    private static BigDecimal value(JsonNode item, String key, String tarih) {
        JsonNode v = item.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        // Some EVDS series carry thousands separators ("1,506.25"); none of the forex ones seen so far do.
        String text = v.asText().strip().replace(",", "");
        if (text.isEmpty()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(text).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0) : d;
        } catch (NumberFormatException e) {
            throw new MalformedBulletinException(
                    "EVDS row " + tarih + ": " + key + " '" + v.asText() + "' is not a number");
        }
    }
}
