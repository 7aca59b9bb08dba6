package com.msoledger.ledger.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fresh, empty databases for integration tests, dropped when the test JVM exits.
 *
 * <p>With {@code LEDGER_TEST_DB_URL} set (a JDBC URL of any database on the server, user and
 * password as URL parameters or in {@code LEDGER_TEST_DB_USER}/{@code LEDGER_TEST_DB_PASSWORD}), the
 * databases are created on that server. Otherwise one embedded PostgreSQL is started for the whole
 * test run, so the suite needs nothing installed.
 */
public final class TestDatabases {

    private static final List<String> CREATED = new ArrayList<>();
    private static Server server;

    private TestDatabases() {
    }

    /** A server to create databases on, and how to reach a database by name. */
    private record Server(String adminUrl, String user, String password, String urlTemplate, EmbeddedPostgres embedded) {
        String urlOf(String database) {
            return urlTemplate.replace("{db}", database);
        }
    }

    /** A JDBC URL, user and password of a new empty database. */
    public record Database(String url, String user, String password) {
    }

    public static synchronized Database create() {
        Server s = server();
        String name = "ledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(s, "create database " + name);
        CREATED.add(name);
        return new Database(s.urlOf(name), s.user(), s.password());
    }

    /** Points a test context at {@code database}, with the tokens of {@link TestTokens} accepted. */
    public static void register(org.springframework.test.context.DynamicPropertyRegistry registry,
                                java.util.function.Supplier<Database> database) {
        registry.add("ledger.db.url", () -> database.get().url());
        registry.add("ledger.db.user", () -> database.get().user());
        registry.add("ledger.db.password", () -> database.get().password());
        registry.add("ledger.security.jwt-secret", () -> TestTokens.SECRET);
    }

    /** Whether the tests run against an external server ({@code LEDGER_TEST_DB_URL}). */
    public static boolean external() {
        String url = System.getenv("LEDGER_TEST_DB_URL");
        return url != null && !url.isBlank();
    }

    private static Server server() {
        if (server != null) {
            return server;
        }
        if (external()) {
            String url = System.getenv("LEDGER_TEST_DB_URL");
            String user = System.getenv().getOrDefault("LEDGER_TEST_DB_USER", "postgres");
            String password = System.getenv().getOrDefault("LEDGER_TEST_DB_PASSWORD", "");
            // swap the database name in the URL path for each created database, keeping parameters
            int slash = url.indexOf('/', "jdbc:postgresql://".length());
            int query = url.indexOf('?', slash);
            String template = url.substring(0, slash + 1) + "{db}" + (query < 0 ? "" : url.substring(query));
            server = new Server(url, user, password, template, null);
        } else {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(Files.createTempDirectory("ledger-test-pg"))
                        .setCleanDataDirectory(true)
                        .start();
                server = new Server(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "",
                        "jdbc:postgresql://localhost:" + postgres.getPort() + "/{db}?user=postgres", postgres);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the embedded PostgreSQL for tests", e);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "drop-test-databases"));
        return server;
    }

    private static synchronized void dropAll() {
        for (String name : CREATED) {
            try {
                execute(server, "drop database if exists " + name + " with (force)");
            } catch (RuntimeException e) {
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }
        if (server.embedded() != null) {
            try {
                server.embedded().close();
            } catch (IOException e) {
                System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
            }
        }
    }

    private static void execute(Server s, String sql) {
        try (Connection connection = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}
