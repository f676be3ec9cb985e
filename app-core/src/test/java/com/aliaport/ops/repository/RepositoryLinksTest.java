package com.aliaport.ops.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README, CONTRIBUTING and docs/ link only to files the repository holds: a clone is complete by itself. */
class RepositoryLinksTest {

    @Test
    void every_link_and_path_in_readme_contributing_and_docs_exists_in_the_repository() {
        Path root = RepositoryLinks.findRoot(Path.of(""));
        RepositoryLinks links = new RepositoryLinks(root);
        List<Path> documents = links.documents();
        assertThat(documents)
                .contains(root.resolve("README.md"), root.resolve("CONTRIBUTING.md"), root.resolve("docs/contract.md"));

        List<String> broken = new ArrayList<>();
        documents.forEach(d -> broken.addAll(links.broken(d)));

        assertThat(broken).as("links to paths the repository does not hold").isEmpty();
    }

    @Test
    void the_root_is_found_from_a_module_directory_and_from_the_root_itself() {
        Path root = RepositoryLinks.findRoot(Path.of(""));

        assertThat(RepositoryLinks.findRoot(root.resolve("app-core/src/test"))).isEqualTo(root);
        assertThat(RepositoryLinks.findRoot(root)).isEqualTo(root);
        assertThat(root.resolve("app-core/pom.xml")).isRegularFile();
    }

    @Test
    void names_each_missing_or_outside_target_and_lets_urls_anchors_outputs_and_code_blocks_pass(@TempDir Path repo)
            throws Exception {
        Files.writeString(repo.resolve("pom.xml"), "<modules><module>app-core</module></modules>");
        Files.writeString(repo.resolve("CONTRIBUTING.md"), "Read `docs/style.md` and `../shared/STYLE.md`.\n");
        Files.createDirectories(repo.resolve("docs/images"));
        Files.createDirectories(repo.resolve("installer/systemd"));
        Files.writeString(repo.resolve("docs/style.md"), "# Style\n");
        Files.writeString(repo.resolve("docs/images/a.png"), "png");
        Files.writeString(repo.resolve("README.md"), """
                See [style](docs/style.md#layout), [gone](docs/gone.md), [up](../outside.md), [web](https://x.org/a.md),
                [anchor](#usage), ![pic](docs/images/a.png).
                Paths: `installer/systemd/`, `installer/missing.service`, `shared/reference/formats.md`,
                `app-daemon/target/aliaport-daemon.jar`, `docs/*.md`, `{base}/today.xml`, `jdbc/`, `Record`/`Result`.
                ```sh
                bench/not-checked-in-code-blocks.sh
                ```
                """);

        RepositoryLinks links = new RepositoryLinks(repo);
        List<String> broken = new ArrayList<>();
        links.documents().forEach(d -> broken.addAll(links.broken(d)));

        assertThat(broken)
                .containsExactlyInAnyOrder(
                        "README.md:1: docs/gone.md",
                        "README.md:1: ../outside.md",
                        "README.md:3: `installer/missing.service`",
                        "README.md:3: `shared/reference/formats.md`",
                        "CONTRIBUTING.md:1: `../shared/STYLE.md`");
    }
}
