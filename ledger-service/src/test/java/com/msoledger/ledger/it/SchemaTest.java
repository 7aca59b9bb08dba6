package com.msoledger.ledger.it;

import com.msoledger.ledger.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema Flyway built is the one the event store's guarantees rest on. */
class SchemaTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void noColumnUsesLargeObjects() {
        List<String> oidColumns = jdbc.sql("""
                        select table_name || '.' || column_name from information_schema.columns
                        where table_schema = current_schema() and data_type = 'oid'""")
                .query(String.class).list();
        assertThat(oidColumns).isEmpty();
    }

    @Test
    void payloadsMetadataAndTokensAreBytea() {
        List<String> bytea = jdbc.sql("""
                        select table_name || '.' || column_name from information_schema.columns
                        where table_schema = current_schema() and data_type = 'bytea' order by 1""")
                .query(String.class).list();
        assertThat(bytea).contains("domain_event_entry.payload", "domain_event_entry.meta_data",
                "snapshot_event_entry.payload", "snapshot_event_entry.meta_data", "token_entry.token");
    }

    @Test
    void eachStreamPositionAndEventIdIsUnique() {
        assertThat(uniqueConstraintColumns("domain_event_entry")).contains(
                "aggregate_identifier,sequence_number", "event_identifier");
        assertThat(uniqueConstraintColumns("snapshot_event_entry")).contains("event_identifier");
    }

    @Test
    void theGlobalIndexComesFromItsOwnSequence() {
        String defaultValue = jdbc.sql("""
                        select column_default from information_schema.columns
                        where table_schema = current_schema() and table_name = 'domain_event_entry'
                          and column_name = 'global_index'""")
                .query(String.class).single();
        assertThat(defaultValue).contains("domain_event_entry_global_index_seq");
    }

    @Test
    void everyMigrationApplied() {
        List<Boolean> outcomes = jdbc.sql("select success from flyway_schema_history").query(Boolean.class).list();
        assertThat(outcomes).isNotEmpty().allMatch(Boolean::booleanValue);
    }

    private List<String> uniqueConstraintColumns(String table) {
        return jdbc.sql("""
                        select string_agg(a.attname, ',' order by k.ord)
                        from pg_constraint c
                        cross join lateral unnest(c.conkey) with ordinality as k(attnum, ord)
                        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                        where c.conrelid = cast(? as regclass) and c.contype in ('u', 'p')
                        group by c.conname""")
                .param(table)
                .query(String.class).list();
    }
}
