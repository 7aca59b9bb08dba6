package com.msoledger.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The parties and agreements the load runs on: one MSO, ten practices, {@code count} agreements plus
 * one hot agreement, each opened with a large fee so that later distributions have income to draw on.
 * Records nothing in the results; returns the workload the later phases send.
 */
final class SeedPhase {

    private SeedPhase() {
    }

    static Workload run(RunContext run, int count) throws Exception {
        Api api = run.api();
        String prefix = "bench-" + run.nonce();
        String mso = prefix + "-mso";
        api.postExpecting("/api/v1/parties", """
                {"partyId":"%s","kind":"MSO","legalName":"Bench Management Services LLC","stateOfOrganization":"DE",
                 "ownershipStructure":"INVESTOR_OWNED","owners":[{"ownerId":"holdings","name":"Holdings","stake":"100.00"}]}"""
                .formatted(mso), 201);
        List<String> practices = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String practice = prefix + "-practice-" + i;
            api.postExpecting("/api/v1/parties", """
                    {"partyId":"%s","kind":"PRACTICE","legalName":"Bench Medical Group %d PC","stateOfOrganization":"TX",
                     "ownershipStructure":"PROVIDER_OWNED","owners":[{"ownerId":"dr-a","name":"Dr. A","stake":"51.00"},
                     {"ownerId":"dr-b","name":"Dr. B","stake":"49.00"}]}""".formatted(practice, i), 201);
            practices.add(practice);
        }
        List<Workload.Agreement> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(new Workload.Agreement(prefix + "-a" + i));
        }
        Workload.Agreement hot = new Workload.Agreement(prefix + "-hot");
        List<Workload.Agreement> withHot = new ArrayList<>(all);
        withHot.add(hot);
        createAgreements(api, withHot, mso, practices);
        open(api, withHot);
        run.log("   %d agreements (+1 hot) between 1 MSO and %d practices, each with an opening fee", count, practices.size());
        return new Workload(all, hot, 0.1);
    }

    /** Creates the agreements 8 at a time, spread round-robin over the practices. */
    private static void createAgreements(Api api, List<Workload.Agreement> agreements, String mso, List<String> practices) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < agreements.size(); i++) {
            Workload.Agreement agreement = agreements.get(i);
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
    }

    /** Each agreement's opening fee, in ALL_OR_NOTHING batches of up to 1000. */
    private static void open(Api api, List<Workload.Agreement> agreements) {
        for (int from = 0; from < agreements.size(); from += 1000) {
            List<String> items = new ArrayList<>();
            for (Workload.Agreement agreement : agreements.subList(from, Math.min(agreements.size(), from + 1000))) {
                items.add(Workload.opening(agreement).batchItem());
            }
            JsonNode answer = api.postExpecting("/api/v1/batches", Workload.batch("ALL_OR_NOTHING", items), 200);
            if (answer.get("recorded").asInt() != items.size()) {
                throw new IllegalStateException("seed batch recorded " + answer.get("recorded") + " of " + items.size());
            }
        }
    }
}
