package com.aliaport.ops.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A figure left to fill in is written as a line holding only an ALL_CAPS token ({@code SEED_ROWS}), where the
 * rows of a table should be. The build fails on any such line in {@code docs/}. Names in prose or in code
 * ({@code ALIAPORT_DB_URL}, {@code TIMED_OUT}) are not lines of their own and pass, as do code blocks.
 */
class DocsPlaceholdersTest {
    private static final Pattern PLACEHOLDER =
            Pattern.compile("^\\s*\\|?\\s*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\s*\\|?\\s*$");

    @Test
    void no_page_in_docs_holds_an_unreplaced_placeholder() {
        Path root = RepositoryLinks.findRoot(Path.of(""));
        assertThat(placeholders(root.resolve("docs"))).isEmpty();
    }

    @Test
    void a_placeholder_line_is_named_and_variable_names_in_prose_or_code_pass(@TempDir Path docs) throws IOException {
        Files.writeString(docs.resolve("bench.md"), """
                Set `ALIAPORT_DB_URL`, or ALIAPORT_HOME, and runs end TIMED_OUT.

                | scale | seconds |
                |---|---:|
                SEED_ROWS

                ```sh
                JAVA_OPTS
                ```
                """);
        assertThat(placeholders(docs)).containsExactly("bench.md:5: SEED_ROWS");
    }

    static List<String> placeholders(Path docs) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(docs)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                boolean code = false;
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.strip().startsWith("```")) {
                        code = !code;
                    } else if (!code && PLACEHOLDER.matcher(line).matches()) {
                        found.add(docs.relativize(file) + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
