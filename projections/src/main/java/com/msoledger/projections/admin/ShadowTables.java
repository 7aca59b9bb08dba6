package com.msoledger.projections.admin;

import com.msoledger.projections.support.ProjectionDefinition;
import com.msoledger.projections.support.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code <table>__shadow} twins a replay fills beside one projection's live tables, and the token rows
 * of the replay's processor, which say what those twins hold. All the DDL a replay runs is here, so what
 * readers can see is decided in one place: the live tables change only in {@link #swap}, in one
 * transaction, and everything else touches the twins alone.
 */
final class ShadowTables {

    // the category replay log lines have always had: operators filter on it
    private static final Logger log = LoggerFactory.getLogger(ProjectionReplay.class);

    private final ProjectionDefinition projection;
    private final String replayProcessor;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    /**
     * @param projection      whose tables are twinned (by their live names)
     * @param replayProcessor the name the replay's processor stores its tokens under
     */
    ShadowTables(ProjectionDefinition projection, String replayProcessor, JdbcClient jdbc, TransactionTemplate transactions) {
        this.projection = projection;
        this.replayProcessor = replayProcessor;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Empty twins made like the live tables (columns, defaults, constraints, indexes), and no replay tokens,
     * so the replay starts from the first event. Twins an earlier replay failed to drop are dropped first.
     */
    void create() {
        transactions.executeWithoutResult(tx -> {
            for (String table : projection.tables()) {
                String shadow = Tables.SHADOW.of(table);
                jdbc.sql("drop table if exists " + shadow).update();
                jdbc.sql("create table " + shadow + " (like " + table + " including all)").update();
            }
        });
        forgetReplayTokens();
    }

    /**
     * Deletes the replay processor's tokens: they describe the twins only, and mean nothing once the twins are
     * swapped in (the live processor's tokens go on) or dropped.
     */
    void forgetReplayTokens() {
        jdbc.sql("delete from token_entry where processor_name = ?").param(replayProcessor).update();
    }

    /** Drops the twins; a failure is only logged, as {@link #create} drops leftovers anyway. */
    void drop() {
        try {
            transactions.executeWithoutResult(tx -> projection.tables()
                    .forEach(table -> jdbc.sql("drop table if exists " + Tables.SHADOW.of(table)).update()));
        } catch (RuntimeException e) {
            log.warn("replay of {}: dropping the shadow tables failed; the next replay drops them", projection.processor(), e);
        }
    }

    /**
     * In one transaction: each twin replaces its live table under the same name, and its indexes (with them
     * the constraints they back) take back the live ones' names, so later migrations find them. The tokens
     * are left alone: the live processor's stay, because the new tables hold exactly the events they say.
     */
    void swap() {
        transactions.executeWithoutResult(tx -> {
            for (String table : projection.tables()) {
                String shadow = Tables.SHADOW.of(table);
                Map<String, String> originalNames = indexNamesByDefinition(table);
                jdbc.sql("drop table " + table).update();
                jdbc.sql("alter table " + shadow + " rename to " + table).update();
                indexNamesByDefinition(table).forEach((definitionText, name) -> {
                    String original = originalNames.get(definitionText);
                    if (original != null && !original.equals(name)) {
                        jdbc.sql("alter index " + name + " rename to " + original).update();
                    }
                });
            }
        });
    }

    /**
     * Index definitions with the index name blanked out → index names, for one table: after the rename a
     * twin's index has the same definition as the live index it replaces, under another name.
     */
    private Map<String, String> indexNamesByDefinition(String table) {
        Map<String, String> names = new LinkedHashMap<>();
        jdbc.sql("select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = ?")
                .param(table)
                .query(rs -> {
                    String name = rs.getString(1);
                    names.put(rs.getString(2).replace(" " + name + " ", " ? "), name);
                });
        return names;
    }
}
