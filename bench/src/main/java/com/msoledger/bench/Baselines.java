package com.msoledger.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw PostgreSQL on the very server the ledger uses, in the same run: durable inserts of rows shaped
 * like the ledger's events into a table shaped like {@code domain_event_entry} (same columns, sequence,
 * primary key and unique indexes), with pgbench, one row per transaction at 1, 8 and 32 clients, 100
 * rows per transaction, and COPY. Commits are as durable as the server makes them (its
 * synchronous_commit, reported alongside).
 */
final class Baselines {

    static final String SCHEMA = "bench_baseline";
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    record PgTarget(String host, int port, String database, String user, String password) {

        static PgTarget of(String jdbcUrl, String user, String password) {
            Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*").matcher(jdbcUrl);
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot read host, port and database from " + jdbcUrl);
            }
            return new PgTarget(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)), m.group(3), user, password);
        }
    }

    private final Connection connection;
    private final PgTarget target;
    private final Path pgbench;
    private final Path work;
    private final byte[] payload;
    private final byte[] metaData;

    /**
     * @param payloadBytes  the size of an event payload to insert (the ledger's are measured by the caller)
     * @param metaDataBytes the size of its metadata
     */
    Baselines(Connection connection, PgTarget target, Path pgbench, Path work, int payloadBytes, int metaDataBytes) {
        this.connection = connection;
        this.target = target;
        this.pgbench = pgbench;
        this.work = work;
        this.payload = filler(payloadBytes);
        this.metaData = filler(metaDataBytes);
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        byte[] pattern = "{\"entry\":{\"entryId\":\"fee-1\",\"amount\":{\"minorUnits\":1200000,\"currency\":\"USD\"}}}"
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            bytes[i] = pattern[i % pattern.length];
        }
        return bytes;
    }

    void createTable() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
            statement.execute("create schema " + SCHEMA);
            statement.execute("create sequence " + SCHEMA + ".global_index_seq as bigint");
            statement.execute("""
                    create table %s.domain_event_entry (
                        global_index         bigint       not null default nextval('%s.global_index_seq'),
                        event_identifier     varchar(255) not null,
                        aggregate_identifier varchar(255) not null,
                        sequence_number      bigint       not null,
                        type                 varchar(255),
                        time_stamp           varchar(255) not null,
                        payload_type         varchar(255) not null,
                        payload_revision     varchar(255),
                        payload              bytea        not null,
                        meta_data            bytea,
                        primary key (global_index),
                        unique (aggregate_identifier, sequence_number),
                        unique (event_identifier))""".formatted(SCHEMA, SCHEMA));
            statement.execute("create sequence " + SCHEMA + ".sequence_number_seq as bigint");
        }
    }

    void dropTable() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    private String row() {
        HexFormat hex = HexFormat.of();
        return "gen_random_uuid()::text, 'agreement' || chr(58) || 'bench-' || (cast(:client_id as int) %% 1000)::text, nextval('%s.sequence_number_seq'), 'Agreement',"
                .formatted(SCHEMA)
                + " clock_timestamp()::text,"
                + " 'com.msoledger.api.entry.ServiceFeeCharged', null, '\\x" + hex.formatHex(payload) + "'::bytea, '\\x"
                + hex.formatHex(metaData) + "'::bytea";
    }

    private static final String COLUMNS = "(event_identifier, aggregate_identifier, sequence_number, type, time_stamp,"
            + " payload_type, payload_revision, payload, meta_data)";

    /** Rows per second of single-row durable inserts with this many clients. */
    double singleRowInserts(int clients, int seconds) throws IOException, InterruptedException {
        Path script = work.resolve("single.sql");
        Files.writeString(script, "insert into " + SCHEMA + ".domain_event_entry " + COLUMNS + " values (" + row() + ");\n");
        return pgbench(script, clients, seconds);
    }

    /** Rows per second inserting 100 rows per statement and transaction. */
    double batchInserts(int clients, int seconds) throws IOException, InterruptedException {
        Path script = work.resolve("batch.sql");
        Files.writeString(script, "insert into " + SCHEMA + ".domain_event_entry " + COLUMNS + " select " + row()
                + " from generate_series(1, 100);\n");
        return 100 * pgbench(script, clients, seconds);
    }

    private double pgbench(Path script, int clients, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(pgbench.toString(), "-n", "-M", "prepared", "-c", Integer.toString(clients),
                "-j", Integer.toString(Math.min(clients, 2)), "-T", Integer.toString(seconds), "-f", script.toString(),
                "-h", target.host(), "-p", Integer.toString(target.port()), "-U", target.user(), target.database()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (target.password() != null && !target.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", target.password());
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Matcher m = TPS.matcher(out);
        if (exit != 0 || !m.find()) {
            throw new IllegalStateException("pgbench failed (exit " + exit + "):\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Rows per second of one COPY of {@code rows} rows, commit included. */
    double copy(int rows) throws SQLException, IOException {
        String payloadHex = "\\\\x" + HexFormat.of().formatHex(payload);
        String metaHex = "\\\\x" + HexFormat.of().formatHex(metaData);
        String prefix = "agreement:copy-";
        InputStream data = new InputStream() {
            private int row;
            private byte[] current = new byte[0];
            private int offset;

            private boolean refill() {
                if (row >= rows) {
                    return false;
                }
                String line = UUID.randomUUID() + "\t" + prefix + (row % 1000) + "\t" + row + "\tAgreement\t2026-11-29T12:00:00.000000Z\t"
                        + "com.msoledger.api.entry.ServiceFeeCharged\t\\N\t" + payloadHex + "\t" + metaHex + "\n";
                current = line.getBytes(StandardCharsets.UTF_8);
                offset = 0;
                row++;
                return true;
            }

            @Override
            public int read() {
                if (offset >= current.length && !refill()) {
                    return -1;
                }
                return current[offset++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (offset >= current.length && !refill()) {
                    return -1;
                }
                int n = Math.min(len, current.length - offset);
                System.arraycopy(current, offset, b, off, n);
                offset += n;
                return n;
            }
        };
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            copy.copyIn("copy " + SCHEMA + ".domain_event_entry " + COLUMNS + " from stdin", data, 65536);
            connection.commit();
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The server's settings that decide what a "durable" commit costs. */
    Map<String, String> settings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             var rs = statement.executeQuery("""
                     select name, setting || coalesce(' ' || unit, '') from pg_settings
                     where name in ('server_version', 'synchronous_commit', 'fsync', 'wal_sync_method', 'full_page_writes',
                                    'shared_buffers', 'max_wal_size', 'commit_delay', 'max_connections', 'wal_level')
                     order by name""")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }
}
