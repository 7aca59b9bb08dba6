package com.msoledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark run against a running ledger service and its PostgreSQL: raw PostgreSQL baselines,
 * bulk import, commands over HTTP (open model), projection lag, replay and queries, the CPU split and
 * the service's peak RSS; writes {@code <out>/<timestamp>[-quick].json} and a markdown summary.
 * Started by bench/run.sh, which builds and starts the service and stops it afterwards.
 */
public final class Bench {

    /** A rate is sustainable when p99 stays under this (and < 1% fail, ≥ 95% answered). */
    static final double SUSTAINABLE_P99_MS = 250;

    private final Map<String, String> args;
    private final boolean quick;
    private final Api api;
    private final Connection db;
    private final long servicePid;
    private final long postmasterPid;
    private final ObjectNode result = Api.JSON.createObjectNode();
    private final ObjectNode cpu = Api.JSON.createObjectNode();
    private final String nonce = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private Workload workload;

    private Bench(Map<String, String> args) throws Exception {
        this.args = args;
        this.quick = "quick".equals(args.get("mode"));
        this.api = new Api(args.get("base-url"), args.get("secret"));
        this.db = DriverManager.getConnection(args.get("jdbc-url"), args.get("db-user"), args.getOrDefault("db-password", ""));
        this.servicePid = Long.parseLong(args.get("service-pid"));
        this.postmasterPid = postmasterPid();
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new Bench(args).run();
    }

    private static void log(String format, Object... values) {
        System.out.printf(Locale.ROOT, "[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(Locale.ROOT, format, values));
    }

    // ------------------------------------------------------------------------------------------ run

    private void run() throws Exception {
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started);
        result.put("timestamp", started.toString());
        result.put("mode", quick ? "quick" : "full");
        result.put("note", "measured on a machine shared with other engineers' builds; see machine.loadAverage*");
        result.set("machine", Machine.describe(args.get("java-version-of-service")));
        ObjectNode database = result.putObject("database");
        database.put("kind", args.getOrDefault("db-kind", "external"));
        database.put("jdbcUrl", args.get("jdbc-url"));

        int events = quick ? 20_000 : 1_000_000;
        int agreements = quick ? 40 : 1000;

        Baselines.PgTarget target = Baselines.PgTarget.of(args.get("jdbc-url"), args.get("db-user"), args.getOrDefault("db-password", ""));
        Path work = Path.of(args.getOrDefault("work", "bench/target"));
        Files.createDirectories(work);
        Baselines baselines = new Baselines(db, target, Path.of(args.getOrDefault("pgbench", "pgbench")), work, 850, 250);
        baselines.settings().forEach(database::put);

        phase("baselines", () -> baselines(baselines));
        phase("seed", () -> seed(agreements));
        phase("bulk", () -> bulk(events));
        phase("commands", this::commands);
        phase("replay", this::replay);
        phase("queries", this::queries);
        store();

        result.put("jvmPeakRssMiB", round(ProcStats.statusMiB(servicePid, "VmHWM")));
        result.set("cpu", cpu);
        ratios();
        result.put("durationSeconds", round((Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0));
        ((ObjectNode) result.get("machine")).put("loadAverageAtEnd", Machine.loadAverage());

        Path out = Path.of(args.getOrDefault("out", "bench/results"));
        Files.createDirectories(out);
        Path json = out.resolve(stamp + (quick ? "-quick" : "") + ".json");
        Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
        Path summary = out.resolve(quick ? "latest-quick.md" : "latest.md");
        Files.writeString(summary, Summary.markdown(result, json.getFileName().toString()));
        log("wrote %s and %s", json, summary);
        System.out.println(Summary.markdown(result, json.getFileName().toString()));
        db.close();
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step and records the CPU the JVM, PostgreSQL and the load generator (this JVM) used meanwhile. */
    private void phase(String name, Step step) throws Exception {
        long self = ProcessHandle.current().pid();
        double jvm0 = ProcStats.cpuSeconds(servicePid, false);
        double pg0 = ProcStats.treeCpuSeconds(postmasterPid);
        double gen0 = ProcStats.cpuSeconds(self, false);
        long t0 = System.nanoTime();
        log("== %s", name);
        step.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        ObjectNode split = cpu.putObject(name);
        split.put("wallSeconds", round(wall));
        split.put("serviceJvmCores", round((ProcStats.cpuSeconds(servicePid, false) - jvm0) / wall));
        split.put("postgresCores", round((ProcStats.treeCpuSeconds(postmasterPid) - pg0) / wall));
        split.put("loadGeneratorCores", round((ProcStats.cpuSeconds(self, false) - gen0) / wall));
        log("   %s took %.1f s; cores used: service %.2f, PostgreSQL %.2f, bench %.2f", name, wall,
                split.get("serviceJvmCores").asDouble(), split.get("postgresCores").asDouble(), split.get("loadGeneratorCores").asDouble());
    }

    // ------------------------------------------------------------------------------------------ 1. baselines

    private void baselines(Baselines baselines) throws Exception {
        int seconds = quick ? 2 : 10;
        ObjectNode node = result.putObject("baselines");
        node.put("secondsPerRun", seconds);
        baselines.createTable();
        try {
            double best = 0;
            int bestClients = 0;
            for (int clients : new int[]{1, 8, 32}) {
                double rate = baselines.singleRowInserts(clients, seconds);
                node.put("P" + clients, round(rate));
                log("   single-row inserts, %d clients: %.0f rows/s", clients, rate);
                if (rate > best) {
                    best = rate;
                    bestClients = clients;
                }
            }
            node.put("Pn", round(best));
            node.put("PnClients", bestClients);
            double batch = 0;
            int batchClients = 0;
            for (int clients : new int[]{1, 8}) {
                double rate = baselines.batchInserts(clients, seconds);
                node.put("Pbatch_c" + clients, round(rate));
                log("   100-row batches, %d clients: %.0f rows/s", clients, rate);
                if (rate > batch) {
                    batch = rate;
                    batchClients = clients;
                }
            }
            node.put("Pbatch", round(batch));
            node.put("PbatchClients", batchClients);
            int rows = quick ? 100_000 : 500_000;
            double copy = baselines.copy(rows);
            node.put("Pcopy", round(copy));
            node.put("PcopyRows", rows);
            log("   COPY of %d rows: %.0f rows/s", rows, copy);
        } finally {
            baselines.dropTable();
        }
        node.put("rowShape", "domain_event_entry columns, sequence, primary key and both unique indexes; 850-byte payload, 250-byte metadata");
    }

    // ------------------------------------------------------------------------------------------ seed

    private void seed(int count) throws Exception {
        String mso = "bench-" + nonce + "-mso";
        api.postExpecting("/api/v1/parties", """
                {"partyId":"%s","kind":"MSO","legalName":"Bench Management Services LLC","stateOfOrganization":"DE",
                 "ownershipStructure":"INVESTOR_OWNED","owners":[{"ownerId":"holdings","name":"Holdings","stake":"100.00"}]}"""
                .formatted(mso), 201);
        List<String> practices = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String practice = "bench-" + nonce + "-practice-" + i;
            api.postExpecting("/api/v1/parties", """
                    {"partyId":"%s","kind":"PRACTICE","legalName":"Bench Medical Group %d PC","stateOfOrganization":"TX",
                     "ownershipStructure":"PROVIDER_OWNED","owners":[{"ownerId":"dr-a","name":"Dr. A","stake":"51.00"},
                     {"ownerId":"dr-b","name":"Dr. B","stake":"49.00"}]}""".formatted(practice, i), 201);
            practices.add(practice);
        }
        List<Workload.Agreement> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(new Workload.Agreement("bench-" + nonce + "-a" + i));
        }
        Workload.Agreement hot = new Workload.Agreement("bench-" + nonce + "-hot");
        List<Workload.Agreement> withHot = new ArrayList<>(all);
        withHot.add(hot);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < withHot.size(); i++) {
            Workload.Agreement agreement = withHot.get(i);
            String practice = practices.get(i % practices.size());
            futures.add(pool.submit(() -> api.postExpecting("/api/v1/agreements", """
                    {"agreementId":"%s","msoId":"%s","practiceId":"%s","currency":"USD","state":"TX","effectiveFrom":"%s",
                     "fmvOpinionReference":"FMV-BENCH","terms":{"feeSchedule":[
                       {"serviceCode":"BILLING","feeType":"PERCENT_OF_COLLECTIONS","rate":"6.00"},
                       {"serviceCode":"HR","feeType":"FIXED_MONTHLY","amount":"2500.00"},
                       {"serviceCode":"IT","feeType":"PER_UNIT","unitPrice":"150.00","unitName":"provider"},
                       {"serviceCode":"FACILITY","feeType":"COST_PLUS","markup":"10.00"}],
                      "riskSharing":{"msoShare":"20.00","corridorCap":"50000.00","corridorFloor":"25000.00"},
                      "distributionSchedule":[{"ownerId":"physicians","name":"Physician owners","stake":"51.00"},
                                              {"ownerId":"investor","name":"Investor","stake":"49.00"}],
                      "fmvRanges":[{"serviceCode":"BILLING","annualMin":"100000.00","annualMax":"20000000.00"}]}}"""
                    .formatted(agreement.id, mso, practice, Workload.EFFECTIVE_FROM), 201)));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        for (int from = 0; from < withHot.size(); from += 1000) {
            List<String> items = new ArrayList<>();
            for (Workload.Agreement agreement : withHot.subList(from, Math.min(withHot.size(), from + 1000))) {
                items.add(Workload.opening(agreement).batchItem());
            }
            JsonNode answer = api.postExpecting("/api/v1/batches", batch("ALL_OR_NOTHING", items), 200);
            if (answer.get("recorded").asInt() != items.size()) {
                throw new IllegalStateException("seed batch recorded " + answer.get("recorded") + " of " + items.size());
            }
        }
        workload = new Workload(all, hot, 0.1);
        log("   %d agreements (+1 hot) between 1 MSO and %d practices, each with an opening fee", count, practices.size());
    }

    private String batch(String mode, List<String> items) {
        return "{\"batchId\":\"b-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "\",\"mode\":\""
                + mode + "\",\"items\":[" + String.join(",", items) + "]}";
    }

    // ------------------------------------------------------------------------------------------ 3. bulk

    /**
     * Bulk import through POST /api/v1/batches until the store holds {@code targetEvents} events: 3 clients,
     * ALL_OR_NOTHING batches of 500 entries, each client posting its own agreements (as finance teams do)
     * and the first one also the hot agreement's, which ends up with ~12% of the store.
     */
    private void bulk(int targetEvents) throws Exception {
        int clients = 3;
        int batchSize = 500;
        long initial = count("select count(*) from domain_event_entry");
        long needed = Math.max(0, targetEvents - initial);
        AtomicLong entries = new AtomicLong();
        AtomicLong postings = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        AtomicLong refusedBatches = new AtomicLong();
        double hotShareOfClient0 = Math.min(1.0, 0.12 * clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            List<Workload.Agreement> own = new ArrayList<>();
            for (int i = client; i < workload.agreements().size(); i += clients) {
                own.add(workload.agreements().get(i));
            }
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (entries.get() < needed) {
                    List<Workload.Command> commands = new ArrayList<>(batchSize);
                    List<String> items = new ArrayList<>(batchSize);
                    for (int i = 0; i < batchSize; i++) {
                        Workload.Agreement agreement = client == 0 && random.nextDouble() < hotShareOfClient0
                                ? workload.hot() : own.get(random.nextInt(own.size()));
                        Workload.Command command = Workload.next(agreement);
                        commands.add(command);
                        items.add(command.batchItem());
                    }
                    HttpResponse<String> response = api.post("/api/v1/batches", batch("ALL_OR_NOTHING", items));
                    batches.incrementAndGet();
                    if (response.statusCode() != 200) {
                        refusedBatches.incrementAndGet();
                        System.err.println("  batch refused: " + response.statusCode() + " "
                                + response.body().substring(0, Math.min(600, response.body().length())));
                        if (refusedBatches.get() > 20) {
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
                    postings.addAndGet(p);
                    entries.addAndGet(answer.get("recorded").asLong());
                }
                return null;
            }));
        }
        long lastLog = System.nanoTime();
        for (Future<?> future : futures) {
            while (!future.isDone()) {
                Thread.sleep(200);
                if (System.nanoTime() - lastLog > 15e9) {
                    lastLog = System.nanoTime();
                    log("   bulk: %d of %d entries, %.0f entries/s", entries.get(), needed, entries.get() / ((lastLog - start) / 1e9));
                }
            }
            future.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode node = result.putObject("bulk");
        node.put("clients", clients);
        node.put("batchSize", batchSize);
        node.put("mode", "ALL_OR_NOTHING");
        node.put("batches", batches.get());
        node.put("refusedBatches", refusedBatches.get());
        node.put("entries", entries.get());
        node.put("postings", postings.get());
        node.put("seconds", round(seconds));
        node.put("entriesPerSecond", round(entries.get() / seconds));
        node.put("postingsPerSecond", round(postings.get() / seconds));
        log("   bulk: %d entries (%d postings) in %.1f s: %.0f entries/s, %.0f postings/s", entries.get(), postings.get(), seconds,
                entries.get() / seconds, postings.get() / seconds);
        node.put("projectionDrainSeconds", round(drain(quick ? 120 : 1200)));
    }

    // ------------------------------------------------------------------------------------------ 2 and 4. commands, lag

    private void commands() throws Exception {
        ObjectNode node = result.putObject("commands");
        node.put("model", "open: constant arrival rate, latency from the intended send time (no coordinated omission), HdrHistogram");
        node.put("mix", "fee charges 52% (BILLING, IT, FACILITY, HR fixed monthly), accruals 10%, payments ~30%, distributions 3%,"
                + " reversals up to 5%; 10% of commands on one hot agreement, the rest spread over the others");
        node.put("sustainableWhen", "≥95% answered 201, ≤1% failed, p99 ≤ " + SUSTAINABLE_P99_MS + " ms");
        double step = quick ? 2 : 8;
        log("   warm-up");
        OpenLoad.run(api, workload, 50, quick ? 2 : 10, null, 1);
        drain(60);
        ArrayNode search = node.putArray("search");
        double good = 0;
        double bad = 0;
        OpenLoad.Result best = null;
        double rate = 50;
        while (rate <= 20_000 && rate >= 3) {
            OpenLoad.Result r = measuredStep(search, rate, step);
            if (!r.sustainable(SUSTAINABLE_P99_MS)) {
                bad = rate;
                if (good > 0) {
                    break;
                }
                rate = Math.floor(rate / 2); // not even the first step: go down
                continue;
            }
            good = rate;
            best = r;
            if (bad > 0) {
                break;
            }
            rate *= 2;
        }
        for (int i = 0; i < (quick ? 1 : 3) && bad > 0 && good > 0; i++) {
            double mid = Math.round((good + bad) / 2);
            OpenLoad.Result r = measuredStep(search, mid, step);
            if (r.sustainable(SUSTAINABLE_P99_MS)) {
                good = mid;
                best = r;
            } else {
                bad = mid;
            }
        }
        if (best == null) {
            node.put("maxSustainableRate", 0);
            log("   not even %.0f commands/s is sustainable", rate);
            return;
        }
        node.put("maxSustainableRate", good);
        node.put("maxSustainableAchieved", round(best.achievedRate()));
        log("   max sustainable rate: %.0f commands/s", good);

        double seconds = quick ? 4 : 30;
        try (Connection probeConnection = DriverManager.getConnection(args.get("jdbc-url"), args.get("db-user"),
                args.getOrDefault("db-password", ""));
             LagProbe lag = new LagProbe(probeConnection)) {
            OpenLoad.Result half = OpenLoad.run(api, workload, good * 0.5, seconds, lag, 4);
            double drain = drain(120);
            Histogram lags = lag.finish();
            node.set("at50", describe(half));
            ObjectNode lagNode = result.putObject("projectionLag");
            lagNode.put("measured", "journal projection: from a sampled command's 201 answer to its entry in entry_view, polled every 2 ms");
            lagNode.put("rate", round(good * 0.5));
            lagNode.put("samples", lags.getTotalCount());
            lagNode.put("p50Ms", round(lags.getValueAtPercentile(50) / 1000.0));
            lagNode.put("p99Ms", round(lags.getValueAtPercentile(99) / 1000.0));
            lagNode.put("maxMs", round(lags.getMaxValue() / 1000.0));
            lagNode.put("drainAfterLoadSeconds", round(drain));
            log("   at 50%%: %s; lag p50 %.1f ms p99 %.1f ms; drained %.2f s after the load", brief(half),
                    lags.getValueAtPercentile(50) / 1000.0, lags.getValueAtPercentile(99) / 1000.0, drain);
        }
        OpenLoad.Result eighty = OpenLoad.run(api, workload, good * 0.8, seconds, null, 1);
        node.set("at80", describe(eighty));
        log("   at 80%%: %s", brief(eighty));
        drain(120);
    }

    private OpenLoad.Result measuredStep(ArrayNode search, double rate, double seconds) throws Exception {
        OpenLoad.Result r = OpenLoad.run(api, workload, rate, seconds, null, 1);
        ObjectNode row = describe(r);
        row.put("sustainable", r.sustainable(SUSTAINABLE_P99_MS));
        search.add(row);
        log("   %5.0f/s: %s%s", rate, brief(r), r.sustainable(SUSTAINABLE_P99_MS) ? "" : "  (not sustainable)");
        drain(60);
        return r;
    }

    private static String brief(OpenLoad.Result r) {
        return String.format(Locale.ROOT, "%.0f ok/s, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, failed %d, max in flight %d",
                r.achievedRate(), r.p(50), r.p(99), r.p(99.9), r.failed(), r.maxInFlight());
    }

    private static ObjectNode describe(OpenLoad.Result r) {
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("targetRate", round(r.targetRate()));
        node.put("seconds", r.seconds());
        node.put("scheduled", r.scheduled());
        node.put("ok", r.ok());
        node.put("achievedRate", round(r.achievedRate()));
        node.put("p50Ms", round(r.p(50)));
        node.put("p99Ms", round(r.p(99)));
        node.put("p999Ms", round(r.p(99.9)));
        node.put("maxMs", round(r.latency().getMaxValue() / 1000.0));
        node.put("maxInFlight", r.maxInFlight());
        node.put("sendsLateOver10ms", r.lateSendsOver10ms());
        ObjectNode failures = node.putObject("failures");
        r.failures().forEach(failures::put);
        return node;
    }

    /**
     * Seconds until every projection has reached the head of the event store as it was when called,
     * per GET /api/v1/admin/projections; at most {@code maxSeconds}.
     */
    private double drain(int maxSeconds) throws Exception {
        long start = System.nanoTime();
        long head = -1;
        while ((System.nanoTime() - start) / 1e9 < maxSeconds) {
            JsonNode projections = api.getExpecting("/api/v1/admin/projections", 200).get("projections");
            boolean caughtUp = true;
            for (JsonNode projection : projections) {
                if (head < 0) {
                    head = projection.get("head").asLong();
                }
                caughtUp &= projection.get("position").asLong() >= head;
            }
            if (caughtUp && head >= 0) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(20);
        }
        log("   projections did not catch up within %d s", maxSeconds);
        return (System.nanoTime() - start) / 1e9;
    }

    // ------------------------------------------------------------------------------------------ 5. replay

    private void replay() throws Exception {
        ObjectNode node = result.putObject("replay");
        drain(600);
        List<String> names = new ArrayList<>();
        api.getExpecting("/api/v1/admin/projections", 200).get("projections").forEach(p -> names.add(p.get("name").asText()));
        long events = count("select count(*) from domain_event_entry");
        node.put("events", events);
        // compare like with like: the live projections first catch up with every event already stored
        for (int i = 0; i < 600; i++) {
            boolean caughtUp = true;
            for (JsonNode p : api.getExpecting("/api/v1/admin/projections", 200).get("projections")) {
                caughtUp &= p.get("position").asLong() >= p.get("head").asLong();
            }
            if (caughtUp) {
                break;
            }
            Thread.sleep(50);
        }
        Map<String, String> live = new LinkedHashMap<>();
        for (String name : names) {
            HttpResponse<String> checksum = api.get("/api/v1/admin/projections/" + name + "/checksum");
            if (checksum.statusCode() == 200) {
                live.put(name, checksumOf(checksum.body()));
            }
        }
        long start = System.nanoTime();
        for (String name : names) {
            HttpResponse<String> started = api.send(api.postRequest("/api/v1/admin/projections/" + name + "/replay", ""));
            if (started.statusCode() == 404 || started.statusCode() == 405) {
                node.put("available", false);
                node.put("note", "replay: not available in this build");
                log("   replay: not available in this build (%d)", started.statusCode());
                return;
            }
            if (started.statusCode() >= 300) {
                throw new IllegalStateException("replay of " + name + " answered " + started.statusCode() + ": " + started.body());
            }
        }
        node.put("available", true);
        int limit = quick ? 300 : 3600;
        boolean done = false;
        // the service rebuilds each projection with a separate replay processor into shadow tables and swaps
        // them in when caught up: a replay is finished when its progress says DONE (or FAILED)
        boolean failed = false;
        while (!done && (System.nanoTime() - start) / 1e9 < limit) {
            Thread.sleep(50);
            done = true;
            for (String name : names) {
                JsonNode progress = api.getExpecting("/api/v1/admin/projections/" + name + "/replay", 200);
                String state = progress.path("state").asText();
                done &= state.equals("DONE") || state.equals("FAILED");
                failed |= state.equals("FAILED");
            }
        }
        node.put("failed", failed);
        double seconds = (System.nanoTime() - start) / 1e9;
        node.put("projections", String.join(",", names));
        node.put("completed", done);
        node.put("seconds", round(seconds));
        node.put("eventsPerSecond", round(events / seconds));
        boolean equal = !live.isEmpty();
        ObjectNode checksums = node.putObject("checksums");
        for (String name : names) {
            HttpResponse<String> checksum = api.get("/api/v1/admin/projections/" + name + "/checksum");
            if (checksum.statusCode() == 200 && live.containsKey(name)) {
                String rebuilt = checksumOf(checksum.body());
                ObjectNode c = checksums.putObject(name);
                c.put("live", live.get(name));
                c.put("rebuilt", rebuilt);
                equal &= rebuilt.equals(live.get(name));
            } else {
                equal = false;
            }
        }
        node.put("checksumEqualToLive", equal);
        log("   replay of %s: %d events in %.1f s (%.0f events/s), checksums equal: %s", names, events, seconds, events / seconds, equal);
    }

    private static String checksumOf(String body) {
        try {
            JsonNode json = Api.JSON.readTree(body);
            return json.has("checksum") ? json.get("checksum").asText() : body;
        } catch (Exception e) {
            return body;
        }
    }

    // ------------------------------------------------------------------------------------------ 6. queries

    private void queries() throws Exception {
        drain(600);
        ObjectNode node = result.putObject("queries");
        int n = quick ? 60 : 400;
        node.put("requestsEach", n);
        node.put("model", "one client, closed loop, after the load; periods and agreements drawn at random");
        String hot = workload.hot().id;
        List<Workload.Agreement> others = workload.agreements();
        node.put("hotAgreementEntries", count("select count(*) from entry_view where agreement_id = '" + hot + "'"));
        node.put("hotAgreementEntriesPerPeriodAvg", round(node.get("hotAgreementEntries").asDouble() / Workload.MONTHS));
        node.put("typicalAgreementEntriesAvg", round(count("select count(*) from entry_view where agreement_id like 'bench-"
                + nonce + "-a%'") / (double) others.size()));
        node.set("statementHot", timeQueries(n, () -> "/api/v1/agreements/" + hot + "/statement?period=" + randomPeriod()));
        node.set("statementTypical", timeQueries(n, () -> "/api/v1/agreements/" + randomOf(others) + "/statement?period=" + randomPeriod()));
        node.set("balancesHot", timeQueries(n, () -> "/api/v1/agreements/" + hot + "/balances"));
        node.set("balancesTypical", timeQueries(n, () -> "/api/v1/agreements/" + randomOf(others) + "/balances"));
        log("   statement p99: hot %.1f ms, typical %.1f ms; balances p99: hot %.1f ms, typical %.1f ms",
                node.get("statementHot").get("p99Ms").asDouble(), node.get("statementTypical").get("p99Ms").asDouble(),
                node.get("balancesHot").get("p99Ms").asDouble(), node.get("balancesTypical").get("p99Ms").asDouble());
    }

    private static String randomPeriod() {
        return Workload.FIRST.plusMonths(ThreadLocalRandom.current().nextInt(Workload.MONTHS)).toString();
    }

    private static String randomOf(List<Workload.Agreement> agreements) {
        return agreements.get(ThreadLocalRandom.current().nextInt(agreements.size())).id;
    }

    private ObjectNode timeQueries(int n, java.util.function.Supplier<String> paths) {
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < Math.max(5, n / 10); i++) {
            api.getExpecting(paths.get(), 200); // warm-up
        }
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = api.get(paths.get());
            histogram.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
            Api.expect(response, 200);
            bytes += response.body().length();
        }
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("p50Ms", round(histogram.getValueAtPercentile(50) / 1000.0));
        node.put("p99Ms", round(histogram.getValueAtPercentile(99) / 1000.0));
        node.put("maxMs", round(histogram.getMaxValue() / 1000.0));
        node.put("avgResponseBytes", bytes / n);
        return node;
    }

    // ------------------------------------------------------------------------------------------ summary figures

    private void store() throws SQLException {
        ObjectNode node = result.putObject("store");
        node.put("events", count("select count(*) from domain_event_entry"));
        node.put("entries", count("select count(*) from entry_registry"));
        node.put("hotAgreementEvents", count("select count(*) from domain_event_entry where aggregate_identifier = 'agreement:"
                + workload.hot().id + "'"));
        node.put("avgPayloadBytes", count("select coalesce(avg(length(payload)), 0)::bigint from domain_event_entry"));
        node.put("avgMetaDataBytes", count("select coalesce(avg(length(meta_data)), 0)::bigint from domain_event_entry"));
        node.put("databaseSizeMiB", count("select pg_database_size(current_database()) / 1048576"));
    }

    private void ratios() {
        ObjectNode ratios = result.putObject("ratios");
        JsonNode b = result.get("baselines");
        double commands = result.path("commands").path("maxSustainableRate").asDouble();
        ratio(ratios, "commandsPerSecondOverPn", commands, b.get("Pn").asDouble(), 0.25);
        ratio(ratios, "bulkPostingsPerSecondOverPbatch", result.path("bulk").path("postingsPerSecond").asDouble(),
                b.get("Pbatch").asDouble(), 0.3);
        if (result.path("replay").path("available").asBoolean()) {
            ratio(ratios, "replayEventsPerSecondOverPcopy", result.path("replay").path("eventsPerSecond").asDouble(),
                    b.get("Pcopy").asDouble(), 0.3);
        } else {
            ratios.put("replayEventsPerSecondOverPcopy", "replay: not available in this build");
        }
        ObjectNode targets = result.putObject("targets");
        target(targets, "p99At50PercentLoadMs", result.path("commands").path("at50").path("p99Ms").asDouble(), 50);
        target(targets, "projectionLagP99At50PercentLoadMs", result.path("projectionLag").path("p99Ms").asDouble(), 250);
        target(targets, "statementP99TypicalMs", result.path("queries").path("statementTypical").path("p99Ms").asDouble(), 30);
        target(targets, "statementP99HotMs", result.path("queries").path("statementHot").path("p99Ms").asDouble(), 30);
    }

    private static void ratio(ObjectNode ratios, String name, double value, double baseline, double goal) {
        ObjectNode node = ratios.putObject(name);
        node.put("value", baseline > 0 ? round(value / baseline) : 0);
        node.put("numerator", round(value));
        node.put("baseline", round(baseline));
        node.put("target", goal);
        node.put("met", baseline > 0 && value / baseline >= goal);
    }

    private static void target(ObjectNode targets, String name, double value, double max) {
        ObjectNode node = targets.putObject(name);
        node.put("value", round(value));
        node.put("targetAtMost", max);
        node.put("met", value <= max && !Double.isNaN(value) && value > 0);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private long count(String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The postmaster's pid, from postmaster.pid in the server's data directory (same machine). */
    private long postmasterPid() throws Exception {
        try (PreparedStatement statement = db.prepareStatement("select setting from pg_settings where name = 'data_directory'");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            Path pidFile = Path.of(rs.getString(1), "postmaster.pid");
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (Exception e) {
            log("cannot find the postmaster (%s): PostgreSQL CPU will read 0", e.getMessage());
            return -1;
        }
    }

    static double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return -1;
        }
        return Math.round(value * 100) / 100.0;
    }
}
