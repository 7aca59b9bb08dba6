package com.msoledger.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server every module's tests create their fresh databases on: with
 * {@code LEDGER_TEST_DB_URL} set (a JDBC URL of any database on the server; user and password in
 * {@code LEDGER_TEST_DB_USER}/{@code LEDGER_TEST_DB_PASSWORD}), that server; otherwise one embedded
 * PostgreSQL for the whole test JVM, so nothing needs to be installed. Databases still there when the
 * JVM exits are dropped then.
 */
public final class TestPostgres {

    private static final java.util.Set<String> CREATED = new java.util.LinkedHashSet<>();
    private static Server server;

    private TestPostgres() {
    }

    /** A JDBC URL, user and password of one database. */
    public record Database(String name, String url, String user, String password) {
    }

    private record Server(String adminUrl, String user, String password, String urlTemplate, EmbeddedPostgres embedded) {
        String urlOf(String database) {
            return urlTemplate.replace("{db}", database);
        }
    }

    /** A new, empty database named {@code <prefix>_<random>}; {@link #drop} it when done, or leave it to the JVM's exit. */
    public static synchronized Database create(String prefix) {
        Server s = server();
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(s, "create database " + name);
        CREATED.add(name);
        return new Database(name, s.urlOf(name), s.user(), s.password());
    }

    public static synchronized void drop(Database database) {
        execute(server(), "drop database if exists " + database.name() + " with (force)");
        CREATED.remove(database.name());
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
        String url = System.getenv("LEDGER_TEST_DB_URL");
        if (external()) {
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
        Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropAllAndStop, "drop-test-databases"));
        return server;
    }

    private static synchronized void dropAllAndStop() {
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
