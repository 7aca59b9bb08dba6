package com.msoledger.ledger.support;

import com.msoledger.testing.TestPostgres;

/**
 * Fresh, empty databases for integration tests, on the server {@link TestPostgres} gives (the one of
 * {@code LEDGER_TEST_DB_URL}, or one embedded PostgreSQL per test JVM), dropped when the JVM exits.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A JDBC URL, user and password of a new empty database. */
    public record Database(String url, String user, String password) {
    }

    public static Database create() {
        TestPostgres.Database database = TestPostgres.create("ledger_test");
        return new Database(database.url(), database.user(), database.password());
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
        return TestPostgres.external();
    }
}
