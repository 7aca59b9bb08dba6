package com.msoledger.ledger.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real PostgreSQL started inside the service's lifecycle, for running the ledger with nothing
 * installed. Its files live in {@code <dataDir>/postgres} and survive restarts. Commits are durable
 * ({@code synchronous_commit=on} and {@code fsync=on}, unlike the library's test-oriented defaults): this is
 * a ledger.
 * It stops with the application context, and with the JVM on a normal exit.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on the given data directory, initialising it on first use.
     *
     * @throws IllegalStateException with advice to set {@code LEDGER_DB_URL} when it cannot start
     */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        Path directory = dataDir.toAbsolutePath().normalize().resolve("postgres");
        try {
            Files.createDirectories(directory);
            stopOrphan(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("synchronous_commit", "on")
                    // the library starts postgres with -F (fsync off): a commit would then reach the WAL but
                    // never the disk, and a crash could lose it; -c fsync=on comes after -F and wins
                    .setServerConfig("fsync", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
            log.info("embedded PostgreSQL serving {} on 127.0.0.1:{}", directory, postgres.getPort());
            return new EmbeddedDatabase(postgres);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + directory + " (" + e.getMessage()
                    + "). Point the ledger at a PostgreSQL 14+ server instead: set LEDGER_DB_URL (and LEDGER_DB_USER,"
                    + " LEDGER_DB_PASSWORD).", e);
        }
    }

    /** JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /**
     * A postmaster left behind by a killed JVM keeps the data directory locked; stop it politely
     * (SIGTERM is PostgreSQL's "smart" shutdown) rather than fail or, worse, run two servers.
     */
    private static void stopOrphan(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        long pid;
        try {
            pid = Long.parseLong(firstLine);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isPresent()) {
            log.warn("stopping an orphaned embedded PostgreSQL (pid {}) left by a previous run", pid);
            orphan.get().destroy();
            try {
                orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("orphaned PostgreSQL pid " + pid + " did not stop", e);
            }
        }
    }
}
