package com.msoledger.bench;

import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Commit-to-visible lag of the journal projection: for sampled commands, the time from the command's
 * answer (its transaction had committed by then) until its entry is in the read model ({@code entry_view},
 * what statements, balances and the journal read), found by polling the read model every 2 ms.
 */
final class LagProbe implements AutoCloseable {

    private record Watched(String agreementId, String entryId, long committedNanos) {
    }

    private final Connection connection;
    private final ConcurrentLinkedQueue<Watched> incoming = new ConcurrentLinkedQueue<>();
    private final Histogram lag = new Histogram(3_600_000_000L, 3); // microseconds
    private final Thread thread;
    private volatile boolean running = true;

    LagProbe(Connection connection) {
        this.connection = connection;
        this.thread = new Thread(this::poll, "lag-probe");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void watch(String agreementId, String entryId, long committedNanos) {
        incoming.add(new Watched(agreementId, entryId, committedNanos));
    }

    private void poll() {
        List<Watched> pending = new ArrayList<>();
        while (running || !pending.isEmpty() || !incoming.isEmpty()) {
            Watched next;
            while ((next = incoming.poll()) != null) {
                pending.add(next);
            }
            if (!pending.isEmpty()) {
                try {
                    Set<String> visible = visible(pending.subList(0, Math.min(pending.size(), 500)));
                    long now = System.nanoTime();
                    List<Watched> still = new ArrayList<>();
                    for (Watched watched : pending) {
                        if (visible.contains(watched.agreementId() + "/" + watched.entryId())) {
                            synchronized (lag) {
                                lag.recordValue(Math.max(1, (now - watched.committedNanos()) / 1000));
                            }
                        } else if (now - watched.committedNanos() > 120_000_000_000L) {
                            System.err.println("  lag probe: " + watched + " never became visible");
                        } else {
                            still.add(watched);
                        }
                    }
                    pending = still;
                } catch (SQLException e) {
                    System.err.println("  lag probe: " + e.getMessage());
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Set<String> visible(List<Watched> batch) throws SQLException {
        StringBuilder sql = new StringBuilder("select agreement_id, entry_id from entry_view where (agreement_id, entry_id) in (");
        for (int i = 0; i < batch.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
        }
        sql.append(')');
        Set<String> found = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int p = 1;
            for (Watched watched : batch) {
                statement.setString(p++, watched.agreementId());
                statement.setString(p++, watched.entryId());
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
        }
        return found;
    }

    /** Waits for every watched entry (at most two minutes each) and returns the lag histogram in microseconds. */
    Histogram finish() throws InterruptedException {
        running = false;
        thread.join(180_000);
        synchronized (lag) {
            return lag.copy();
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.interrupt();
    }
}
