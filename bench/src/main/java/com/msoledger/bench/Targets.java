package com.msoledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static com.msoledger.bench.RunContext.round;

/**
 * The verdicts, from the figures the phases recorded: the ledger's throughput over raw PostgreSQL's
 * (the results' "ratios") and its latencies against the targets ("targets").
 */
final class Targets {

    private Targets() {
    }

    static void judge(ObjectNode result) {
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
        atMost(targets, "p99At50PercentLoadMs", result.path("commands").path("at50").path("p99Ms").asDouble(), 50);
        atMost(targets, "projectionLagP99At50PercentLoadMs", result.path("projectionLag").path("p99Ms").asDouble(), 250);
        atMost(targets, "statementP99TypicalMs", result.path("queries").path("statementTypical").path("p99Ms").asDouble(), 30);
        atMost(targets, "statementP99HotMs", result.path("queries").path("statementHot").path("p99Ms").asDouble(), 30);
    }

    private static void ratio(ObjectNode ratios, String name, double value, double baseline, double goal) {
        ObjectNode node = ratios.putObject(name);
        node.put("value", baseline > 0 ? round(value / baseline) : 0);
        node.put("numerator", round(value));
        node.put("baseline", round(baseline));
        node.put("target", goal);
        node.put("met", baseline > 0 && value / baseline >= goal);
    }

    private static void atMost(ObjectNode targets, String name, double value, double max) {
        ObjectNode node = targets.putObject(name);
        node.put("value", round(value));
        node.put("targetAtMost", max);
        node.put("met", value <= max && !Double.isNaN(value) && value > 0);
    }
}
