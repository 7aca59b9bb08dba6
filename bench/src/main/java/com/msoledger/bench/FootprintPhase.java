package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.SQLException;

import static com.msoledger.bench.RunContext.round;

/**
 * What the run left behind: the event store's size and shape (the results' "store") and the service
 * JVM's peak resident memory ("jvmPeakRssMiB").
 */
final class FootprintPhase {

    private FootprintPhase() {
    }

    static void run(RunContext run, Workload workload) throws SQLException {
        ObjectNode node = run.result().putObject("store");
        node.put("events", run.count("select count(*) from domain_event_entry"));
        node.put("entries", run.count("select count(*) from entry_registry"));
        node.put("hotAgreementEvents", run.count("select count(*) from domain_event_entry where aggregate_identifier = 'agreement:"
                + workload.hot().id + "'"));
        node.put("avgPayloadBytes", run.count("select coalesce(avg(length(payload)), 0)::bigint from domain_event_entry"));
        node.put("avgMetaDataBytes", run.count("select coalesce(avg(length(meta_data)), 0)::bigint from domain_event_entry"));
        node.put("databaseSizeMiB", run.count("select pg_database_size(current_database()) / 1048576"));
        run.result().put("jvmPeakRssMiB", round(ProcStats.statusMiB(run.settings().servicePid(), "VmHWM")));
    }
}
