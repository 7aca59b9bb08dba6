package com.msoledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static com.msoledger.bench.RunContext.round;

/**
 * Bulk import through POST /api/v1/batches until the store holds the target number of events: 3 clients,
 * ALL_OR_NOTHING batches of 500 entries, each client posting its own agreements (as finance teams do)
 * and the first one also the hot agreement's, which ends up with ~12% of the store. The results' "bulk".
 */
final class BulkPhase {

    private static final int CLIENTS = 3;
    private static final int BATCH_SIZE = 500;

    /** What the clients have done so far, together. */
    private static final class Progress {
        final AtomicLong entries = new AtomicLong();
        final AtomicLong postings = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final AtomicLong refusedBatches = new AtomicLong();
    }

    private BulkPhase() {
    }

    static void run(RunContext run, Workload workload, int targetEvents) throws Exception {
        Progress progress = new Progress();
        AtomicLong entries = progress.entries;
        AtomicLong postings = progress.postings;
        long initial = run.count("select count(*) from domain_event_entry");
        long needed = Math.max(0, targetEvents - initial);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int client = 0; client < CLIENTS; client++) {
            int c = client;
            futures.add(pool.submit(() -> {
                post(run, workload, progress, c, needed);
                return null;
            }));
        }
        long lastLog = System.nanoTime();
        for (Future<?> future : futures) {
            while (!future.isDone()) {
                Thread.sleep(200);
                if (System.nanoTime() - lastLog > 15e9) {
                    lastLog = System.nanoTime();
                    run.log("   bulk: %d of %d entries, %.0f entries/s", entries.get(), needed, entries.get() / ((lastLog - start) / 1e9));
                }
            }
            future.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode node = run.result().putObject("bulk");
        node.put("clients", CLIENTS);
        node.put("batchSize", BATCH_SIZE);
        node.put("mode", "ALL_OR_NOTHING");
        node.put("batches", progress.batches.get());
        node.put("refusedBatches", progress.refusedBatches.get());
        node.put("entries", entries.get());
        node.put("postings", postings.get());
        node.put("seconds", round(seconds));
        node.put("entriesPerSecond", round(entries.get() / seconds));
        node.put("postingsPerSecond", round(postings.get() / seconds));
        run.log("   bulk: %d entries (%d postings) in %.1f s: %.0f entries/s, %.0f postings/s", entries.get(), postings.get(), seconds,
                entries.get() / seconds, postings.get() / seconds);
        node.put("projectionDrainSeconds", round(run.projections().drain(run.settings().scaled(120, 1200))));
    }

    /** One client's loop: batches on its own agreements (client 0: and the hot one) until {@code needed} entries are in. */
    private static void post(RunContext run, Workload workload, Progress progress, int client, long needed) throws Exception {
        List<Workload.Agreement> own = new ArrayList<>();
        for (int i = client; i < workload.agreements().size(); i += CLIENTS) {
            own.add(workload.agreements().get(i));
        }
        double hotShareOfClient0 = Math.min(1.0, 0.12 * CLIENTS);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (progress.entries.get() < needed) {
            List<Workload.Command> commands = new ArrayList<>(BATCH_SIZE);
            List<String> items = new ArrayList<>(BATCH_SIZE);
            for (int i = 0; i < BATCH_SIZE; i++) {
                Workload.Agreement agreement = client == 0 && random.nextDouble() < hotShareOfClient0
                        ? workload.hot() : own.get(random.nextInt(own.size()));
                Workload.Command command = Workload.next(agreement);
                commands.add(command);
                items.add(command.batchItem());
            }
            HttpResponse<String> response = run.api().post("/api/v1/batches", Workload.batch("ALL_OR_NOTHING", items));
            progress.batches.incrementAndGet();
            if (response.statusCode() != 200) {
                progress.refusedBatches.incrementAndGet();
                System.err.println("  batch refused: " + response.statusCode() + " "
                        + response.body().substring(0, Math.min(600, response.body().length())));
                if (progress.refusedBatches.get() > 20) {
                    throw new IllegalStateException("too many refused batches");
                }
                continue;
            }
            JsonNode answer = Api.JSON.readTree(response.body());
            long p = 0;
            for (JsonNode item : answer.get("items")) {
                p += item.get("entry").get("postings").size();
                commands.get(item.get("index").asInt()).confirmed();
            }
            progress.postings.addAndGet(p);
            progress.entries.addAndGet(answer.get("recorded").asLong());
        }
    }
}
