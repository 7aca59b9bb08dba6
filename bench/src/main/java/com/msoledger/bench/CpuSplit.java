package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.Callable;

import static com.msoledger.bench.RunContext.round;

/**
 * Runs the phases and records, per phase, the wall time and the cores the service JVM, PostgreSQL (the
 * postmaster and its backends) and the load generator (this JVM) kept busy meanwhile: the results' "cpu".
 */
final class CpuSplit {

    interface Step {
        void run() throws Exception;
    }

    private final RunContext run;
    private final long servicePid;
    private final long postmasterPid;
    private final long self = ProcessHandle.current().pid();
    private final ObjectNode phases = Api.JSON.createObjectNode();

    CpuSplit(RunContext run) {
        this.run = run;
        this.servicePid = run.settings().servicePid();
        this.postmasterPid = postmasterPid(run);
    }

    /** The split so far, one object per phase in the order they ran. */
    ObjectNode phases() {
        return phases;
    }

    void measure(String name, Step step) throws Exception {
        measure(name, () -> {
            step.run();
            return null;
        });
    }

    /** Runs one phase and records its CPU split under {@code name}; returns what the phase returns. */
    <T> T measure(String name, Callable<T> phase) throws Exception {
        double jvm0 = ProcStats.cpuSeconds(servicePid, false);
        double pg0 = ProcStats.treeCpuSeconds(postmasterPid);
        double gen0 = ProcStats.cpuSeconds(self, false);
        long t0 = System.nanoTime();
        run.log("== %s", name);
        T outcome = phase.call();
        double wall = (System.nanoTime() - t0) / 1e9;
        ObjectNode split = phases.putObject(name);
        split.put("wallSeconds", round(wall));
        split.put("serviceJvmCores", round((ProcStats.cpuSeconds(servicePid, false) - jvm0) / wall));
        split.put("postgresCores", round((ProcStats.treeCpuSeconds(postmasterPid) - pg0) / wall));
        split.put("loadGeneratorCores", round((ProcStats.cpuSeconds(self, false) - gen0) / wall));
        run.log("   %s took %.1f s; cores used: service %.2f, PostgreSQL %.2f, bench %.2f", name, wall,
                split.get("serviceJvmCores").asDouble(), split.get("postgresCores").asDouble(), split.get("loadGeneratorCores").asDouble());
        return outcome;
    }

    /** The postmaster's pid, from postmaster.pid in the server's data directory (same machine). */
    private static long postmasterPid(RunContext run) {
        try (PreparedStatement statement = run.db().prepareStatement("select setting from pg_settings where name = 'data_directory'");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            Path pidFile = Path.of(rs.getString(1), "postmaster.pid");
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (Exception e) {
            run.log("cannot find the postmaster (%s): PostgreSQL CPU will read 0", e.getMessage());
            return -1;
        }
    }
}
