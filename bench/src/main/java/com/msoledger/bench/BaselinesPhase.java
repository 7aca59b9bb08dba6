package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static com.msoledger.bench.RunContext.round;

/**
 * Raw PostgreSQL on the ledger's own server before the ledger is loaded: single-row inserts at 1, 8 and
 * 32 clients ({@code P1} … {@code Pn}), 100-row batches at 1 and 8 ({@code Pbatch}) and one COPY
 * ({@code Pcopy}), the figures the ledger's throughput is divided by: the results' "baselines".
 */
final class BaselinesPhase {

    private interface Rate {
        double rowsPerSecond(int clients) throws Exception;
    }

    private BaselinesPhase() {
    }

    static void run(RunContext run, Baselines baselines) throws Exception {
        int seconds = run.settings().scaled(2, 10);
        ObjectNode node = run.result().putObject("baselines");
        node.put("secondsPerRun", seconds);
        baselines.createTable();
        try {
            best(run, node, new int[]{1, 8, 32}, "P", "Pn", "single-row inserts", clients -> baselines.singleRowInserts(clients, seconds));
            best(run, node, new int[]{1, 8}, "Pbatch_c", "Pbatch", "100-row batches", clients -> baselines.batchInserts(clients, seconds));
            int rows = run.settings().scaled(100_000, 500_000);
            double copy = baselines.copy(rows);
            node.put("Pcopy", round(copy));
            node.put("PcopyRows", rows);
            run.log("   COPY of %d rows: %.0f rows/s", rows, copy);
        } finally {
            baselines.dropTable();
        }
        node.put("rowShape", "domain_event_entry columns, sequence, primary key and both unique indexes; 850-byte payload, 250-byte metadata");
    }

    /**
     * Measures the rate at each client count ({@code <prefix><clients>}) and records the best of them
     * ({@code <bestKey>}) and its client count ({@code <bestKey>Clients}).
     */
    private static void best(RunContext run, ObjectNode node, int[] clientCounts, String prefix, String bestKey, String what,
                             Rate rate) throws Exception {
        double best = 0;
        int bestClients = 0;
        for (int clients : clientCounts) {
            double rowsPerSecond = rate.rowsPerSecond(clients);
            node.put(prefix + clients, round(rowsPerSecond));
            run.log("   %s, %d clients: %.0f rows/s", what, clients, rowsPerSecond);
            if (rowsPerSecond > best) {
                best = rowsPerSecond;
                bestClients = clients;
            }
        }
        node.put(bestKey, round(best));
        node.put(bestKey + "Clients", bestClients);
    }
}
