package com.aliaport.ops.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TextsTest {
    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = TextsTest.class.getResourceAsStream("/com/aliaport/ops/console/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void turkish_and_english_bundles_have_the_same_keys() throws IOException {
        Properties en = bundle("messages.properties");
        Properties tr = bundle("messages_tr.properties");
        assertThat(tr.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }

    @Test
    void every_text_is_a_valid_message_pattern_in_both_languages() throws IOException {
        for (String name : new String[] {"messages.properties", "messages_tr.properties"}) {
            Properties p = bundle(name);
            for (String key : p.stringPropertyNames()) {
                // Throws on an unbalanced quote or brace, which would show as a broken label.
                new MessageFormat(p.getProperty(key), Locale.ROOT).format(new Object[] {1, 2, 3, 4});
            }
        }
    }

    @Test
    void turkish_system_locale_gives_turkish_texts_and_any_other_english() {
        assertThat(new Texts(Locale.forLanguageTag("tr-TR")).get("nav.jobs")).isEqualTo("İşler");
        assertThat(new Texts(Locale.GERMANY).get("nav.jobs")).isEqualTo("Jobs");
        assertThat(new Texts(Locale.forLanguageTag("tr-TR")).other().get("nav.jobs"))
                .isEqualTo("Jobs");
    }
}
