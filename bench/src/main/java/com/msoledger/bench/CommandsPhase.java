package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static com.msoledger.bench.RunContext.round;

/**
 * Single commands over HTTP in the open model: after a warm-up, searches the highest sustainable arrival
 * rate (doubling from 50/s, halving when not even that holds, then bisecting), then runs at 50% of it with
 * the projection lag measured ({@link ProjectionLagPhase}) and at 80%. The results' "commands".
 */
final class CommandsPhase {

    /** A rate is sustainable when p99 stays under this (and < 1% fail, ≥ 95% answered). */
    static final double SUSTAINABLE_P99_MS = 250;

    private CommandsPhase() {
    }

    static void run(RunContext run, Workload workload) throws Exception {
        ObjectNode node = run.result().putObject("commands");
        node.put("model", "open: constant arrival rate, latency from the intended send time (no coordinated omission), HdrHistogram");
        node.put("mix", "fee charges 52% (BILLING, IT, FACILITY, HR fixed monthly), accruals 10%, payments ~30%, distributions 3%,"
                + " reversals up to 5%; 10% of commands on one hot agreement, the rest spread over the others");
        node.put("sustainableWhen", "≥95% answered 201, ≤1% failed, p99 ≤ " + SUSTAINABLE_P99_MS + " ms");
        run.log("   warm-up");
        OpenLoad.run(run.api(), workload, 50, run.settings().scaled(2, 10), null, 1);
        run.projections().drain(60);
        double step = run.settings().scaled(2, 8);
        ArrayNode search = node.putArray("search");
        double good = 0;
        double bad = 0;
        OpenLoad.Result best = null;
        double rate = 50;
        while (rate <= 20_000 && rate >= 3) {
            OpenLoad.Result r = measuredStep(run, workload, search, rate, step);
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
        for (int i = 0; i < run.settings().scaled(1, 3) && bad > 0 && good > 0; i++) {
            double mid = Math.round((good + bad) / 2);
            OpenLoad.Result r = measuredStep(run, workload, search, mid, step);
            if (r.sustainable(SUSTAINABLE_P99_MS)) {
                good = mid;
                best = r;
            } else {
                bad = mid;
            }
        }
        if (best == null) {
            node.put("maxSustainableRate", 0);
            run.log("   not even %.0f commands/s is sustainable", rate);
            return;
        }
        node.put("maxSustainableRate", good);
        node.put("maxSustainableAchieved", round(best.achievedRate()));
        run.log("   max sustainable rate: %.0f commands/s", good);

        double seconds = run.settings().scaled(4, 30);
        node.set("at50", ProjectionLagPhase.run(run, workload, good * 0.5, seconds).describe());
        OpenLoad.Result eighty = OpenLoad.run(run.api(), workload, good * 0.8, seconds, null, 1);
        node.set("at80", eighty.describe());
        run.log("   at 80%%: %s", eighty.brief());
        run.projections().drain(120);
    }

    /** One step of the search, recorded in "search" whatever its outcome. */
    private static OpenLoad.Result measuredStep(RunContext run, Workload workload, ArrayNode search, double rate, double seconds)
            throws Exception {
        OpenLoad.Result r = OpenLoad.run(run.api(), workload, rate, seconds, null, 1);
        ObjectNode row = r.describe();
        row.put("sustainable", r.sustainable(SUSTAINABLE_P99_MS));
        search.add(row);
        run.log("   %5.0f/s: %s%s", rate, r.brief(), r.sustainable(SUSTAINABLE_P99_MS) ? "" : "  (not sustainable)");
        run.projections().drain(60);
        return r;
    }
}
