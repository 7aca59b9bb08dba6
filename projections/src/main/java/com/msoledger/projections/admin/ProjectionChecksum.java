package com.msoledger.projections.admin;

import com.msoledger.projections.support.Tables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fingerprint of a projection's tables: per table the row count and the sum of a 64-bit hash of
 * every row's full text. Order-independent, so two tables with the same rows agree however they
 * were written; computed in the database without shipping rows.
 */
@Component
public class ProjectionChecksum {

    private final JdbcClient jdbc;

    ProjectionChecksum(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code table → "rows:hashsum"} for each table, read from its live or shadow twin as {@code where} says. */
    public Map<String, String> of(List<String> tables, Tables where) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String table : tables) {
            result.put(table, jdbc.sql("""
                            select count(*) || ':' || coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint), 0)
                            from %s t""".formatted(where.of(table)))
                    .query(String.class).single());
        }
        return result;
    }
}
