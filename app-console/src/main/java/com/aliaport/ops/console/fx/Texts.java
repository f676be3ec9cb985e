package com.aliaport.ops.console.fx;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The console's strings in one language: {@code messages.properties} (English) and {@code messages_tr}. */
public final class Texts {
    public static final Locale TURKISH = Locale.forLanguageTag("tr-TR");
    public static final Locale ENGLISH = Locale.forLanguageTag("en-GB");
    static final String BUNDLE = "com.aliaport.ops.console.messages";

    private final Locale locale;
    private final ResourceBundle bundle;

    public Texts(Locale locale) {
        this.locale = isTurkish(locale) ? TURKISH : ENGLISH;
        this.bundle = ResourceBundle.getBundle(
                BUNDLE,
                this.locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Turkish on a Turkish system, English elsewhere. */
    public static Texts ofSystem() {
        return new Texts(Locale.getDefault());
    }

    static boolean isTurkish(Locale locale) {
        return "tr".equals(locale.getLanguage());
    }

    public boolean turkish() {
        return isTurkish(locale);
    }

    public Locale locale() {
        return locale;
    }

    public Texts other() {
        return new Texts(turkish() ? ENGLISH : TURKISH);
    }

    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
    }

    public String format(String key, Object... args) {
        return new MessageFormat(get(key), locale).format(args);
    }
}
