package com.msoledger.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static com.msoledger.bench.RunContext.round;

/**
 * One benchmark run against a running ledger service and its PostgreSQL: raw PostgreSQL baselines,
 * bulk import, commands over HTTP (open model), projection lag, replay and queries, the CPU split and
 * the service's peak RSS; writes {@code <out>/<timestamp>[-quick].json} and a markdown summary.
 * Started by bench/run.sh, which builds and starts the service and stops it afterwards. Each phase is a
 * class of its own; this one runs them in order, each under the {@link CpuSplit}, and writes the results.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        Settings settings = Settings.parse(argv);
        Clock clock = Clock.systemUTC(); // the run's only source of dates and times of day
        try (RunContext run = RunContext.open(settings, clock)) {
            run(run);
        }
    }

    private static void run(RunContext run) throws Exception {
        Settings settings = run.settings();
        ObjectNode result = run.result();
        CpuSplit cpu = new CpuSplit(run);
        Instant started = run.clock().instant();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started);
        result.put("timestamp", started.toString());
        result.put("mode", settings.quick() ? "quick" : "full");
        result.put("note", "measured on a machine shared with other engineers' builds; see machine.loadAverage*");
        result.set("machine", Machine.describe(settings.javaVersionOfService()));
        ObjectNode database = result.putObject("database");
        database.put("kind", settings.dbKind());
        database.put("jdbcUrl", settings.jdbcUrl());

        Baselines.PgTarget target = Baselines.PgTarget.of(settings.jdbcUrl(), settings.dbUser(), settings.dbPassword());
        Files.createDirectories(settings.work());
        Baselines baselines = new Baselines(run.db(), target, settings.pgbench(), settings.work(), 850, 250);
        baselines.settings().forEach(database::put);

        cpu.measure("baselines", () -> BaselinesPhase.run(run, baselines));
        Workload workload = cpu.measure("seed", () -> SeedPhase.run(run, settings.scaled(40, 1000)));
        cpu.measure("bulk", () -> BulkPhase.run(run, workload, settings.scaled(20_000, 1_000_000)));
        cpu.measure("commands", () -> CommandsPhase.run(run, workload));
        cpu.measure("replay", () -> ReplayPhase.run(run));
        cpu.measure("queries", () -> QueriesPhase.run(run, workload));
        FootprintPhase.run(run, workload);
        result.set("cpu", cpu.phases());
        Targets.judge(result);
        result.put("durationSeconds", round((run.clock().instant().toEpochMilli() - started.toEpochMilli()) / 1000.0));
        ((ObjectNode) result.get("machine")).put("loadAverageAtEnd", Machine.loadAverage());
        write(run, stamp);
    }

    /** {@code <out>/<stamp>[-quick].json} with every figure, and the markdown summary beside it (also on stdout). */
    private static void write(RunContext run, String stamp) throws Exception {
        boolean quick = run.settings().quick();
        Path out = run.settings().out();
        Files.createDirectories(out);
        Path json = out.resolve(stamp + (quick ? "-quick" : "") + ".json");
        Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), run.result());
        Path summary = out.resolve(quick ? "latest-quick.md" : "latest.md");
        Files.writeString(summary, Summary.markdown(run.result(), json.getFileName().toString()));
        run.log("wrote %s and %s", json, summary);
        System.out.println(Summary.markdown(run.result(), json.getFileName().toString()));
    }
}
