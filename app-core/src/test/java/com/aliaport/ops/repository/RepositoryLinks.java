package com.aliaport.ops.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The links of the repository's Markdown that point into the repository: relative Markdown links
 * ({@code [x](benchmarks.md#demo-data)}, resolved against the file) and backticked paths ({@code `docs/x.md`},
 * {@code `installer/systemd/`}, {@code `../shared/x.md`}), resolved against the root or the file. A path is a
 * candidate when it starts with {@code ./} or {@code ../}, when its first segment is an entry of the repository's
 * root, or when it names a {@code .md} file in a folder. Build outputs ({@code target/}), URLs, anchors and
 * patterns ({@code *}, <code>{base}</code>, {@code $VAR}) are not checked; fenced code blocks neither.
 */
final class RepositoryLinks {
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE = Pattern.compile("`([^`\\s]+)`");
    private static final Pattern NOT_A_PATH = Pattern.compile("[*{}<>$~…|:?=@,;()\\[\\]'\"]");

    private final Path root;
    private final Set<String> topLevel = new TreeSet<>();

    RepositoryLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try (Stream<Path> entries = Files.list(this.root)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(".git") && !n.equals("target"))
                    .forEach(topLevel::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The repository's root seen from {@code start} (a module's directory when Maven runs the tests): the nearest
     * directory upwards that holds {@code README.md}, {@code CONTRIBUTING.md} and a {@code pom.xml} listing
     * {@code app-core} as a module.
     */
    static Path findRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(dir.resolve("README.md"))
                        && Files.isRegularFile(dir.resolve("CONTRIBUTING.md"))
                        && Files.isRegularFile(pom)
                        && Files.readString(pom).contains("<module>app-core</module>")) {
                    return dir;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no repository root (README.md, CONTRIBUTING.md, pom.xml with app-core) at or"
                + " above " + start.toAbsolutePath());
    }

    /** {@code README.md}, {@code CONTRIBUTING.md} and every {@code .md} under {@code docs/}. */
    List<Path> documents() {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("README.md", "CONTRIBUTING.md")) {
            if (Files.isRegularFile(root.resolve(name))) {
                files.add(root.resolve(name));
            }
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Each link of {@code file} that names no file or folder of the repository, as {@code file:line: target}. */
    List<String> broken(Path file) {
        List<String> broken = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String where = root.relativize(file) + ":" + (i + 1) + ": ";
            Matcher link = MARKDOWN_LINK.matcher(line);
            while (link.find()) {
                String target = withoutAnchor(link.group(1));
                if (!isExternal(link.group(1))
                        && !target.isEmpty()
                        && !exists(file.getParent().resolve(target))) {
                    broken.add(where + link.group(1));
                }
            }
            Matcher code = CODE.matcher(line);
            while (code.find()) {
                String path = code.group(1);
                if (isRepositoryPath(path)
                        && !exists(root.resolve(path))
                        && !exists(file.getParent().resolve(path))) {
                    broken.add(where + "`" + path + "`");
                }
            }
        }
        return broken;
    }

    private boolean isRepositoryPath(String token) {
        if (isExternal(token) || NOT_A_PATH.matcher(token).find() || token.startsWith("-") || token.startsWith("/")) {
            return false;
        }
        List<String> segments = List.of(token.split("/"));
        if (segments.contains("target")) {
            return false;
        }
        if (token.startsWith("./") || token.startsWith("../")) {
            return true;
        }
        return topLevel.contains(segments.get(0)) && (token.contains("/") || token.contains("."))
                || token.contains("/") && token.endsWith(".md");
    }

    private boolean exists(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(root) && Files.exists(p);
    }

    private static boolean isExternal(String target) {
        return target.matches("(?i)[a-z][a-z0-9+.-]*:.*") || target.startsWith("#");
    }

    private static String withoutAnchor(String target) {
        int hash = target.indexOf('#');
        return hash < 0 ? target : target.substring(0, hash);
    }
}
