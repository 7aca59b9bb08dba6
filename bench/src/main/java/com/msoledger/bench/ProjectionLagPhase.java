package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.DriverManager;

import static com.msoledger.bench.RunContext.round;

/**
 * Commands at a given rate while a {@link LagProbe} on its own connection times every command's way from
 * its 201 answer into the journal projection, then how long the projections take to drain after the load.
 * The results' "projectionLag"; runs inside the commands phase, at 50% of the max sustainable rate.
 */
final class ProjectionLagPhase {

    private ProjectionLagPhase() {
    }

    /** Returns the load's own figures (the commands' "at50"). */
    static OpenLoad.Result run(RunContext run, Workload workload, double rate, double seconds) throws Exception {
        Settings settings = run.settings();
        try (Connection probeConnection = DriverManager.getConnection(settings.jdbcUrl(), settings.dbUser(), settings.dbPassword());
             LagProbe lag = new LagProbe(probeConnection)) {
            OpenLoad.Result load = OpenLoad.run(run.api(), workload, rate, seconds, lag, 4);
            double drain = run.projections().drain(120);
            Histogram lags = lag.finish();
            ObjectNode node = run.result().putObject("projectionLag");
            node.put("measured", "journal projection: from a sampled command's 201 answer to its entry in entry_view, polled every 2 ms");
            node.put("rate", round(rate));
            node.put("samples", lags.getTotalCount());
            node.put("p50Ms", round(lags.getValueAtPercentile(50) / 1000.0));
            node.put("p99Ms", round(lags.getValueAtPercentile(99) / 1000.0));
            node.put("maxMs", round(lags.getMaxValue() / 1000.0));
            node.put("drainAfterLoadSeconds", round(drain));
            run.log("   at 50%%: %s; lag p50 %.1f ms p99 %.1f ms; drained %.2f s after the load", load.brief(),
                    lags.getValueAtPercentile(50) / 1000.0, lags.getValueAtPercentile(99) / 1000.0, drain);
            return load;
        }
    }
}
