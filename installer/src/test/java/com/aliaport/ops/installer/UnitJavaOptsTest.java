package com.aliaport.ops.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The unit's JVM options are written out again, as prose, in the launcher's comment and the man page, and in the
 * operations guide's drop-in example (a drop-in's {@code JAVA_OPTS} replaces the unit's whole line, so it must carry
 * every option but the heap's size). These checks make whoever changes the unit change those too.
 */
class UnitJavaOptsTest {
    static final Path INSTALLER = Path.of("").toAbsolutePath();
    static final Pattern JAVA_OPTS = Pattern.compile("(?m)^\\s*Environment=\"JAVA_OPTS=([^\"]+)\"\\s*$");

    @Test
    void the_launcher_and_the_man_page_name_the_units_options() throws IOException {
        List<String> unit = unitOptions();

        assertThat(optionsNamedAfter("the unit sets ", prose(INSTALLER.resolve("src/bin/aliaport-daemon"), "# ")))
                .as("installer/src/bin/aliaport-daemon's comment, against the unit's JAVA_OPTS")
                .containsExactlyElementsOf(unit);
        assertThat(optionsNamedAfter("the unit sets ", prose(INSTALLER.resolve("src/deb/aliaport-daemon.1"), "")))
                .as("the man page's JAVA_OPTS entry, against the unit's JAVA_OPTS")
                .containsExactlyElementsOf(unit);
    }

    @Test
    void the_operations_guides_drop_in_keeps_every_option_of_the_unit_but_the_heaps_size() throws IOException {
        List<String> unit = unitOptions();
        List<String> dropIn = options(INSTALLER.resolve("../docs/operations.md"));

        assertThat(dropIn.stream().filter(o -> !isHeapSize(o)).toList())
                .as("docs/operations.md's drop-in example, against the unit's JAVA_OPTS")
                .containsExactlyElementsOf(
                        unit.stream().filter(o -> !isHeapSize(o)).toList());
        assertThat(dropIn.stream().filter(o -> o.startsWith("-Xms")).map(o -> o.substring(4)))
                .as("the drop-in's -Xms equals its -Xmx, as the guide asks")
                .containsExactlyElementsOf(dropIn.stream()
                        .filter(o -> o.startsWith("-Xmx"))
                        .map(o -> o.substring(4))
                        .toList());
    }

    static List<String> unitOptions() throws IOException {
        return options(INSTALLER.resolve("systemd/aliaport-daemon.service"));
    }

    /** The options of the file's only {@code Environment="JAVA_OPTS=..."} line. */
    static List<String> options(Path file) throws IOException {
        return List.of(only(JAVA_OPTS, Files.readString(file)).split(" +"));
    }

    static String only(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("a line matching %s", pattern).isTrue();
        String found = m.group(1).trim();
        assertThat(m.find()).as("a second line matching %s", pattern).isFalse();
        return found;
    }

    /**
     * The options the prose names after its only {@code lead}: the words that start with a dash, up to the first that
     * does not, without the punctuation that closes the sentence ({@code "...=100000)."}).
     */
    static List<String> optionsNamedAfter(String lead, String prose) {
        assertThat(prose).as("prose naming the unit's options").containsOnlyOnce(lead);
        return Arrays.stream(
                        prose.substring(prose.indexOf(lead) + lead.length()).split(" +"))
                .takeWhile(word -> word.startsWith("-"))
                .map(word -> word.replaceAll("[).,;]+$", ""))
                .toList();
    }

    /** The file's lines with the comment marker taken off, joined by single spaces (prose wraps anywhere). */
    static String prose(Path file, String marker) throws IOException {
        return String.join(
                " ",
                Files.readAllLines(file).stream()
                        .map(l -> l.startsWith(marker) ? l.substring(marker.length()) : l)
                        .map(String::strip)
                        .toList());
    }

    static boolean isHeapSize(String option) {
        return option.startsWith("-Xms") || option.startsWith("-Xmx");
    }
}
