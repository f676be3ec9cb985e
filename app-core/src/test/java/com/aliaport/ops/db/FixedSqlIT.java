package com.aliaport.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class FixedSqlIT {
    @Test
    void binds_instants_uuid_arrays_and_nulls_and_reads_them_back(Database db) {
        FixedSql sql = new FixedSql(db.dsl());
        sql.update("CREATE TABLE t (id UUID PRIMARY KEY, at TIMESTAMPTZ, n BIGINT)");
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Instant at = Instant.parse("2026-03-01T21:30:00.123456Z"); // 00:30 the next day in Istanbul

        assertThat(sql.update("INSERT INTO t VALUES (?, ?, ?), (?, ?, ?)", a, at, 7L, b, null, null))
                .isEqualTo(2);

        List<String> rows = sql.query(
                "SELECT * FROM t WHERE id = ANY(?) ORDER BY n NULLS LAST",
                rs -> rs.getObject("id") + " " + FixedSql.instant(rs, "at") + " " + FixedSql.nullableLong(rs, "n"),
                (Object) new UUID[] {a, b});
        assertThat(rows).containsExactly(a + " " + at + " 7", b + " null null");
        assertThat(sql.queryOne("SELECT n FROM t WHERE id = ?", rs -> rs.getLong(1), UUID.randomUUID()))
                .isEmpty();
    }

    @Test
    void an_instant_rounds_to_the_microsecond_as_the_same_instant_in_an_array_does(Database db) {
        FixedSql sql = new FixedSql(db.dsl());
        // Half a microsecond past: the one value where two roundings (half up, half to even) part ways.
        List<Instant> instants = List.of(
                Instant.parse("2026-03-01T21:30:00.123456500Z"),
                Instant.parse("2026-03-01T21:30:00.123457500Z"),
                Instant.parse("2026-03-01T21:30:00.999999999Z"));

        List<Boolean> same = instants.stream()
                .map(at -> sql.queryOne(
                                "SELECT ?::timestamptz = (?::timestamptz[])[1]",
                                rs -> rs.getBoolean(1),
                                at,
                                new Instant[] {at})
                        .orElseThrow())
                .toList();

        assertThat(same)
                .as("each bound alone and in an array, equal in PostgreSQL")
                .containsOnly(true);
    }

    @Test
    void an_instant_bound_alone_or_in_an_array_is_what_postgresql_reads_from_its_iso_text(Database db) {
        FixedSql sql = new FixedSql(db.dsl());
        List<Instant> instants = List.of(
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999999500Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("2026-12-04T19:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"));

        // Against PostgreSQL's reading of Instant.toString, the text the queue bound before PgTimestampText.
        List<String> read = instants.stream()
                .map(at -> sql.queryOne(
                                "SELECT ?::timestamptz = ?::text::timestamptz"
                                        + " AND (?::timestamptz[])[1] = ?::text::timestamptz",
                                rs -> at + " " + rs.getBoolean(1),
                                at,
                                at.toString(),
                                new Instant[] {at},
                                at.toString())
                        .orElseThrow())
                .toList();

        assertThat(read)
                .containsExactlyElementsOf(
                        instants.stream().map(at -> at + " true").toList());
    }

    @Test
    void binds_text_number_and_instant_arrays_for_one_statement_per_batch(Database db) {
        FixedSql sql = new FixedSql(db.dsl());
        sql.update("CREATE TABLE b (name TEXT, n BIGINT, k INT, at TIMESTAMPTZ)");
        Instant at = Instant.parse("2026-11-28T17:00:00.000001Z");

        int inserted = sql.update(
                "INSERT INTO b SELECT * FROM unnest(?::text[], ?::int8[], ?::int4[], ?::timestamptz[])",
                new String[] {"İzmir \"liman\"", null},
                new Long[] {5_000_000_000L, null},
                new Integer[] {3, 4},
                new Instant[] {at, null});

        assertThat(inserted).isEqualTo(2);
        assertThat(sql.query(
                        "SELECT * FROM b ORDER BY k",
                        rs -> rs.getString("name") + "|" + FixedSql.nullableLong(rs, "n") + "|" + rs.getInt("k") + "|"
                                + FixedSql.instant(rs, "at")))
                .containsExactly("İzmir \"liman\"|5000000000|3|" + at, "null|null|4|null");
    }

    @Test
    void text_array_elements_come_back_exactly_whatever_characters_they_hold(Database db) {
        FixedSql sql = new FixedSql(db.dsl());
        String[] texts = {
            "a,b",
            "{x}",
            "NULL",
            "null",
            "",
            "  blank edges ",
            "back\\slash",
            "quote\"d",
            "İğüşöç ÇĞIÖŞÜ",
            "tab\tnew\nline",
            null
        };

        List<String> back = sql.query(
                "SELECT coalesce(t, '<null>') FROM unnest(?::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
                rs -> rs.getString(1),
                (Object) texts);

        // Each element as it went in (the null one as the query's marker).
        assertThat(back)
                .containsExactlyElementsOf(Arrays.stream(texts)
                        .map(t -> Objects.requireNonNullElse(t, "<null>"))
                        .toList());
        assertThat(sql.queryOne("SELECT cardinality(?::uuid[])", rs -> rs.getInt(1), (Object) new UUID[0]))
                .contains(0);
        assertThat(sql.query(
                        "SELECT x FROM unnest(?::text[]) AS u(x) WHERE x = ANY(?)",
                        rs -> rs.getString(1),
                        new String[] {"a,b", "c"},
                        new String[] {"a,b"}))
                .containsExactly("a,b");
    }

    @Test
    void an_sql_error_is_jooqs_data_access_exception_naming_the_statement(Database db) {
        FixedSql sql = new FixedSql(db.dsl());

        assertThatThrownBy(() -> sql.query("SELECT *\nFROM no_such_table", rs -> 1))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("SELECT * …")
                .hasMessageContaining("no_such_table");
        assertThatThrownBy(() -> sql.queryOne("SELECT 1 UNION ALL SELECT 2", rs -> 1))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("at most one row");
    }
}
