package com.msoledger.projections.support;

import com.msoledger.testing.TestPostgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh database for one test class, with the schema the service runs on: the service's event
 * store migrations (the journal reads each event's global index from {@code domain_event_entry}) and
 * this module's read-table migrations, applied by Flyway in the order the service applies them.
 * Every table is emptied before each test, and the database is dropped after the class.
 *
 * <pre>{@code @RegisterExtension static final ReadModelDatabase db = new ReadModelDatabase();}</pre>
 */
public final class ReadModelDatabase implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** Where ledger-service keeps its migrations, relative to the repository root. */
    static final String LEDGER_MIGRATIONS = "ledger-service/src/main/resources/db/migration/ledger";

    private TestPostgres.Database database;
    private HikariDataSource dataSource;
    private JdbcClient jdbc;

    public JdbcClient jdbc() {
        if (jdbc == null) {
            throw new IllegalStateException("the database exists only while its test class runs");
        }
        return jdbc;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestPostgres.create("projections_test");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(2);
        config.setPoolName("projections-test");
        dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("filesystem:" + ledgerMigrations(), "classpath:db/migration/projections")
                .validateOnMigrate(true)
                .load()
                .migrate();
        jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // restart identity also restarts the event store's global index, so positions start at 1 in every test
        String tables = jdbc.sql("""
                        select string_agg(quote_ident(table_name), ', ') from information_schema.tables
                        where table_schema = current_schema() and table_type = 'BASE TABLE'
                          and table_name <> 'flyway_schema_history'""")
                .query(String.class).single();
        jdbc.sql("truncate " + tables + " restart identity").update();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        jdbc = null;
        if (dataSource != null) {
            dataSource.close();
        }
        if (database != null) {
            TestPostgres.drop(database);
        }
    }

    /**
     * The service's migration folder, found from the working directory upwards: Maven runs the tests in
     * the module folder, an IDE may run them from the repository root.
     */
    static Path ledgerMigrations() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(LEDGER_MIGRATIONS);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + LEDGER_MIGRATIONS + " above " + Path.of("").toAbsolutePath());
    }
}
