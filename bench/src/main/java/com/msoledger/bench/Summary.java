package com.msoledger.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The markdown summary of a run, linked from the README. */
final class Summary {

    private Summary() {
    }

    static String markdown(JsonNode r, String jsonFile) {
        StringBuilder md = new StringBuilder();
        boolean quick = "quick".equals(r.path("mode").asText());
        md.append("# MSO Ledger benchmark — latest ").append(quick ? "quick " : "").append("run\n\n");
        md.append("Run ").append(r.path("timestamp").asText()).append(" (").append(r.path("mode").asText()).append(", ")
                .append(num(r.path("durationSeconds"))).append(" s); every figure is in [`").append(jsonFile).append("`](")
                .append(jsonFile).append(").\n");
        if (quick) {
            md.append("A quick run is a smoke test at small scale (20k events): its figures are not the benchmark's; see `latest.md`.\n");
        }
        JsonNode m = r.path("machine");
        JsonNode db = r.path("database");
        md.append("\n**Machine**: ").append(m.path("nproc").asText()).append(" cores (").append(m.path("cpuModel").asText())
                .append("), ").append(m.path("memoryMiB").asText()).append(" MiB, ").append(m.path("os").asText()).append("; ")
                .append(m.path("java").asText()).append("; PostgreSQL ").append(db.path("server_version").asText()).append(" (")
                .append(db.path("kind").asText()).append(", synchronous_commit=").append(db.path("synchronous_commit").asText())
                .append(", fsync=").append(db.path("fsync").asText()).append(", shared_buffers=")
                .append(db.path("shared_buffers").asText()).append(").\n");
        md.append("**Shared machine**: the service, PostgreSQL and the load generator share these cores with each other and with"
                + " other engineers' builds (load average at start `").append(m.path("loadAverageAtStart").asText())
                .append("`, at end `").append(m.path("loadAverageAtEnd").asText()).append("`): indicative figures, not a lab measurement.\n\n");

        md.append("## Against raw PostgreSQL and the targets\n\n");
        md.append("| figure | value | raw PostgreSQL | ratio | target | met |\n|---|---:|---:|---:|---:|:--:|\n");
        JsonNode ratios = r.path("ratios");
        ratioRow(md, "commands/s (max sustainable) ÷ `Pn`", ratios.path("commandsPerSecondOverPn"));
        ratioRow(md, "bulk postings/s ÷ `Pbatch`", ratios.path("bulkPostingsPerSecondOverPbatch"));
        if (ratios.path("replayEventsPerSecondOverPcopy").isObject()) {
            ratioRow(md, "replay events/s ÷ `Pcopy`", ratios.path("replayEventsPerSecondOverPcopy"));
        } else {
            md.append("| replay events/s ÷ `Pcopy` | — | ").append(num(r.path("baselines").path("Pcopy")))
                    .append(" | — | ≥ 0.3 | ").append(ratios.path("replayEventsPerSecondOverPcopy").asText()).append(" |\n");
        }
        JsonNode targets = r.path("targets");
        targetRow(md, "command p99 at 50% of max, ms", targets.path("p99At50PercentLoadMs"));
        targetRow(md, "projection lag p99 at 50% of max, ms", targets.path("projectionLagP99At50PercentLoadMs"));
        targetRow(md, "statement p99, typical agreement, ms", targets.path("statementP99TypicalMs"));
        targetRow(md, "statement p99, hot agreement, ms", targets.path("statementP99HotMs"));

        JsonNode b = r.path("baselines");
        md.append("\n## Raw PostgreSQL, same server, same run\n\n");
        md.append("Rows shaped like `domain_event_entry` (same columns, sequence, primary key and unique indexes), durable commits,"
                + " pgbench ").append(num(b.path("secondsPerRun"))).append(" s per figure.\n\n");
        md.append("| `P1` | `P8` | `P32` | `Pn` (best) | `Pbatch` (100 rows/tx) | `Pcopy` |\n|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(num(b.path("P1"))).append(" | ").append(num(b.path("P8"))).append(" | ").append(num(b.path("P32")))
                .append(" | ").append(num(b.path("Pn"))).append(" | ").append(num(b.path("Pbatch"))).append(" | ")
                .append(num(b.path("Pcopy"))).append(" |\n\nrows/s.\n");

        JsonNode c = r.path("commands");
        md.append("\n## Commands over HTTP (open model)\n\n").append(c.path("mix").asText()).append(". ")
                .append(c.path("model").asText()).append(". Sustainable: ").append(c.path("sustainableWhen").asText())
                .append(".\n\n| target/s | answered/s | p50 ms | p99 ms | p99.9 ms | failed | sustainable |\n|---:|---:|---:|---:|---:|---:|:--:|\n");
        for (JsonNode step : c.path("search")) {
            md.append("| ").append(num(step.path("targetRate"))).append(" | ").append(num(step.path("achievedRate"))).append(" | ")
                    .append(num(step.path("p50Ms"))).append(" | ").append(num(step.path("p99Ms"))).append(" | ")
                    .append(num(step.path("p999Ms"))).append(" | ").append(failures(step.path("failures"))).append(" | ")
                    .append(step.path("sustainable").asBoolean() ? "yes" : "no").append(" |\n");
        }
        md.append("\nMax sustainable: **").append(num(c.path("maxSustainableRate"))).append(" commands/s**.\n\n");
        md.append("| load | rate/s | p50 ms | p99 ms | p99.9 ms | failed |\n|---|---:|---:|---:|---:|---:|\n");
        for (String at : new String[]{"at50", "at80"}) {
            JsonNode s = c.path(at);
            md.append("| ").append(at.equals("at50") ? "50%" : "80%").append(" | ").append(num(s.path("targetRate"))).append(" | ")
                    .append(num(s.path("p50Ms"))).append(" | ").append(num(s.path("p99Ms"))).append(" | ")
                    .append(num(s.path("p999Ms"))).append(" | ").append(failures(s.path("failures"))).append(" |\n");
        }
        JsonNode lag = r.path("projectionLag");
        md.append("\n**Projection lag** at 50% load (").append(lag.path("measured").asText()).append("): p50 ")
                .append(num(lag.path("p50Ms"))).append(" ms, p99 ").append(num(lag.path("p99Ms"))).append(" ms over ")
                .append(lag.path("samples").asText()).append(" samples; drained ").append(num(lag.path("drainAfterLoadSeconds")))
                .append(" s after the load stopped.\n");

        JsonNode bulk = r.path("bulk");
        md.append("\n**Bulk import** (`POST /api/v1/batches`, ").append(bulk.path("mode").asText()).append(", ")
                .append(bulk.path("batchSize").asText()).append(" entries per batch, ").append(bulk.path("clients").asText())
                .append(" clients): ").append(bulk.path("entries").asText()).append(" entries, ").append(bulk.path("postings").asText())
                .append(" postings in ").append(num(bulk.path("seconds"))).append(" s = **").append(num(bulk.path("postingsPerSecond")))
                .append(" postings/s** (").append(num(bulk.path("entriesPerSecond"))).append(" entries/s); projections caught up ")
                .append(num(bulk.path("projectionDrainSeconds"))).append(" s later.\n");

        JsonNode replay = r.path("replay");
        md.append("\n**Replay** of ").append(replay.path("events").asText()).append(" events: ");
        if (replay.path("available").asBoolean()) {
            md.append(num(replay.path("seconds"))).append(" s, ").append(num(replay.path("eventsPerSecond")))
                    .append(" events/s; checksums equal to live: ").append(replay.path("checksumEqualToLive").asText()).append(".\n");
        } else {
            md.append(replay.path("note").asText()).append(".\n");
        }

        JsonNode q = r.path("queries");
        md.append("\n**Queries** at the end (store: ").append(r.path("store").path("events").asText()).append(" events; hot agreement ")
                .append(q.path("hotAgreementEntries").asText()).append(" entries, ~").append(num(q.path("hotAgreementEntriesPerPeriodAvg")))
                .append(" per period; others ~").append(num(q.path("typicalAgreementEntriesAvg"))).append(" entries each; ")
                .append(q.path("model").asText()).append("):\n\n| query | p50 ms | p99 ms | max ms | avg bytes |\n|---|---:|---:|---:|---:|\n");
        for (String name : new String[]{"statementTypical", "statementHot", "balancesTypical", "balancesHot"}) {
            JsonNode s = q.path(name);
            md.append("| ").append(name).append(" | ").append(num(s.path("p50Ms"))).append(" | ").append(num(s.path("p99Ms")))
                    .append(" | ").append(num(s.path("maxMs"))).append(" | ").append(s.path("avgResponseBytes").asText()).append(" |\n");
        }

        md.append("\n**CPU split** (cores busy on average during each phase; the load generator is the bench JVM) and the service"
                + " JVM's peak RSS: ").append(num(r.path("jvmPeakRssMiB"))).append(" MiB.\n\n");
        md.append("| phase | wall s | service JVM | PostgreSQL | load generator |\n|---|---:|---:|---:|---:|\n");
        Iterator<Map.Entry<String, JsonNode>> phases = r.path("cpu").fields();
        while (phases.hasNext()) {
            Map.Entry<String, JsonNode> phase = phases.next();
            JsonNode p = phase.getValue();
            md.append("| ").append(phase.getKey()).append(" | ").append(num(p.path("wallSeconds"))).append(" | ")
                    .append(num(p.path("serviceJvmCores"))).append(" | ").append(num(p.path("postgresCores"))).append(" | ")
                    .append(num(p.path("loadGeneratorCores"))).append(" |\n");
        }

        md.append("""

                ## Reproduce

                ```bash
                bench/run.sh            # full: 1M events, takes a while on 2 cores
                bench/run.sh --quick    # the whole pipeline at small scale, under 3 minutes
                bench/run.sh --db-url jdbc:postgresql://127.0.0.1:5432/ledger_bench   # an external, empty database
                ```

                It builds the service and the bench, starts the service on a fresh embedded PostgreSQL under
                `bench/target/` (or on `--db-url`, user `LEDGER_DB_USER`, password `LEDGER_DB_PASSWORD`) with a fresh
                `LEDGER_JWT_SECRET`, measures, stops everything and writes `bench/results/<timestamp>.json` and this file.
                Needs `pgbench` (PostgreSQL client tools) on the PATH or in `/usr/lib/postgresql/*/bin`.
                """);
        return md.toString();
    }

    private static void ratioRow(StringBuilder md, String name, JsonNode ratio) {
        md.append("| ").append(name).append(" | ").append(num(ratio.path("numerator"))).append(" | ").append(num(ratio.path("baseline")))
                .append(" | ").append(num(ratio.path("value"))).append(" | ≥ ").append(num(ratio.path("target"))).append(" | ")
                .append(ratio.path("met").asBoolean() ? "yes" : "no").append(" |\n");
    }

    private static void targetRow(StringBuilder md, String name, JsonNode target) {
        md.append("| ").append(name).append(" | ").append(num(target.path("value"))).append(" | | | ≤ ")
                .append(num(target.path("targetAtMost"))).append(" | ").append(target.path("met").asBoolean() ? "yes" : "no").append(" |\n");
    }

    private static String failures(JsonNode failures) {
        long total = 0;
        Iterator<JsonNode> values = failures.elements();
        while (values.hasNext()) {
            total += values.next().asLong();
        }
        return Long.toString(total);
    }

    static String num(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "—";
        }
        double d = value.asDouble();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) d);
        }
        return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%,.0f" : "%.2f", d);
    }
}
