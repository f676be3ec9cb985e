package com.aliaport.ops.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void a_map_of_texts_reads_back_as_written_in_its_order_whatever_the_characters() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("gemi", "Şile Limanı — \"Ağır\" yük\\n");
        values.put("satır", "bir\nikı\tüç");
        values.put("boş", "");
        values.put("yok", null);
        values.put("emoji", "⚓ \u0001");

        String json = Json.writeStrings(values);

        assertThat(Json.readStrings(json)).containsExactlyEntriesOf(values);
        // what the object mapper reads from it (PostgreSQL's jsonb reads the same text)
        assertThat(Json.read(json, Map.class)).isEqualTo(values);
    }

    @Test
    void a_map_of_texts_is_written_as_the_object_mapper_writes_it_for_every_kind_of_character() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder ascii = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            ascii.append(c);
            values.put("char " + (int) c, String.valueOf(c));
        }
        values.put("every ASCII character", ascii.toString());
        values.put("Türkçe ve işaretler", "İĞÜŞÖÇığüşöç ₺ € \u2028 \u00a0");
        values.put("surrogates", "⚓🚢 \ud83d \ude22");
        values.put("", "");
        values.put("yok", null);
        values.put("\"anahtar\"\\", "değer");

        assertThat(Json.writeStrings(values)).isEqualTo(Json.MAPPER.writeValueAsString(values));
        assertThat(Json.writeStrings(Map.of("a", "b"))).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void no_texts_are_an_empty_object() {
        assertThat(Json.writeStrings(Map.of())).isEqualTo("{}");
        assertThat(Json.readStrings("{}")).isEmpty();
    }

    @Test
    void scalars_as_jsonb_gives_them_back_are_read_as_their_text() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("ay", "11");
        texts.put("tutar", "12.50");
        texts.put("kapali", "true");
        texts.put("not", null);
        assertThat(Json.readStrings("{\"ay\": 11, \"tutar\": 12.50, \"kapali\": true, \"not\": null}"))
                .containsExactlyEntriesOf(texts);
    }

    @Test
    void anything_but_one_flat_object_is_refused_with_the_reason() {
        assertThatThrownBy(() -> Json.readStrings("{\"donem\": {\"yil\": 2026}}"))
                .isInstanceOf(AliaportException.class)
                .hasMessageContaining("donem is not a text");
        assertThatThrownBy(() -> Json.readStrings("{\"liste\": [1, 2]}")).hasMessageContaining("liste is not a text");
        assertThatThrownBy(() -> Json.readStrings("[\"a\"]")).hasMessageContaining("not an object");
        assertThatThrownBy(() -> Json.readStrings("{\"a\": \"b\"} {}")).hasMessageContaining("not one object");
        assertThatThrownBy(() -> Json.readStrings("{\"a\": ")).isInstanceOf(AliaportException.class);
    }
}
