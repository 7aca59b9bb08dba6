package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static com.msoledger.bench.RunContext.round;

/**
 * Statements and balances of the hot agreement and of typical ones, timed by one client in a closed
 * loop once the load is over and the projections have caught up. The results' "queries".
 */
final class QueriesPhase {

    private QueriesPhase() {
    }

    static void run(RunContext run, Workload workload) throws Exception {
        Api api = run.api();
        run.projections().drain(600);
        ObjectNode node = run.result().putObject("queries");
        int n = run.settings().scaled(60, 400);
        node.put("requestsEach", n);
        node.put("model", "one client, closed loop, after the load; periods and agreements drawn at random");
        String hot = workload.hot().id;
        List<Workload.Agreement> others = workload.agreements();
        node.put("hotAgreementEntries", run.count("select count(*) from entry_view where agreement_id = '" + hot + "'"));
        node.put("hotAgreementEntriesPerPeriodAvg", round(node.get("hotAgreementEntries").asDouble() / Workload.MONTHS));
        node.put("typicalAgreementEntriesAvg", round(run.count("select count(*) from entry_view where agreement_id like 'bench-"
                + run.nonce() + "-a%'") / (double) others.size()));
        node.set("statementHot", time(api, n, () -> "/api/v1/agreements/" + hot + "/statement?period=" + Workload.randomMonth()));
        node.set("statementTypical", time(api, n, () -> "/api/v1/agreements/" + randomOf(others) + "/statement?period=" + Workload.randomMonth()));
        node.set("balancesHot", time(api, n, () -> "/api/v1/agreements/" + hot + "/balances"));
        node.set("balancesTypical", time(api, n, () -> "/api/v1/agreements/" + randomOf(others) + "/balances"));
        run.log("   statement p99: hot %.1f ms, typical %.1f ms; balances p99: hot %.1f ms, typical %.1f ms",
                node.get("statementHot").get("p99Ms").asDouble(), node.get("statementTypical").get("p99Ms").asDouble(),
                node.get("balancesHot").get("p99Ms").asDouble(), node.get("balancesTypical").get("p99Ms").asDouble());
    }

    private static String randomOf(List<Workload.Agreement> agreements) {
        return agreements.get(ThreadLocalRandom.current().nextInt(agreements.size())).id;
    }

    /** A tenth of {@code n} (at least 5) GETs to warm up, then {@code n} timed ones. */
    private static ObjectNode time(Api api, int n, Supplier<String> paths) {
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
}
