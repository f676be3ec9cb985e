import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Target;

/**
 * Build step: migrates a throw-away embedded PostgreSQL with the project's Flyway scripts and
 * generates the jOOQ classes from that real schema. Skips work when no migration changed.
 * Usage: java -cp … JooqCodegen.java <migrations dir> <output dir> <work dir>
 */
public class JooqCodegen {
    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Path work = Path.of(args[2]);
        String fingerprint = fingerprint(migrations);
        Path stamp = output.resolve(".migrations-fingerprint");
        if (Files.exists(stamp) && Files.readString(stamp).equals(fingerprint)) {
            System.out.println("[jooq-codegen] schema unchanged, generated sources are current");
            return;
        }
        deleteRecursively(output);
        deleteRecursively(work);
        Files.createDirectories(work);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.toFile())
                .setDataDirectory(work.resolve("data"))
                .setCleanDataDirectory(true)
                .start()) {
            var dataSource = pg.getPostgresDatabase();
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .load()
                    .migrate();
            try (Connection connection = dataSource.getConnection()) {
                GenerationTool tool = new GenerationTool();
                tool.setConnection(connection);
                tool.run(new Configuration()
                        .withGenerator(new Generator()
                                .withDatabase(new Database()
                                        .withName("org.jooq.meta.postgres.PostgresDatabase")
                                        .withInputSchema("public")
                                        .withExcludes(
                                                "qrtz_.*|flyway_schema_history|audit_events_\\d{4}_\\d{2}|audit_events_default")
                                        .withForcedTypes(new ForcedType()
                                                .withName("INSTANT")
                                                .withIncludeExpression(".*")
                                                .withIncludeTypes(
                                                        "(?i:timestamp\\s*with\\s*time\\s*zone|timestamptz)")))
                                .withGenerate(new Generate()
                                        .withJavaTimeTypes(true)
                                        .withRecords(true)
                                        .withPojos(false)
                                        .withDaos(false)
                                        .withFluentSetters(true))
                                .withTarget(new Target()
                                        .withPackageName("com.aliaport.ops.db.generated")
                                        .withDirectory(output.toAbsolutePath().toString()))));
            }
        }
        Files.writeString(stamp, fingerprint);
        deleteRecursively(work);
    }

    private static String fingerprint(Path migrations) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path f : files.sorted().toList()) {
                sb.append(f.getFileName())
                        .append(':')
                        .append(Files.readString(f).hashCode())
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
