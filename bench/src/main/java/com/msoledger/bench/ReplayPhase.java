package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.msoledger.bench.RunContext.round;

/**
 * Rebuilds every projection from the whole store at once and compares each rebuilt projection's checksum
 * with the live one's, taken once the live projections had caught up. The results' "replay".
 */
final class ReplayPhase {

    private ReplayPhase() {
    }

    static void run(RunContext run) throws Exception {
        Projections projections = run.projections();
        ObjectNode node = run.result().putObject("replay");
        projections.drain(600);
        List<String> names = projections.names();
        long events = run.count("select count(*) from domain_event_entry");
        node.put("events", events);
        // compare like with like: the live projections first catch up with every event already stored
        projections.awaitOwnHeads();
        Map<String, String> live = new LinkedHashMap<>();
        for (String name : names) {
            projections.checksum(name).ifPresent(checksum -> live.put(name, checksum));
        }
        long start = System.nanoTime();
        for (String name : names) {
            HttpResponse<String> started = projections.startReplay(name);
            if (started.statusCode() == 404 || started.statusCode() == 405) {
                node.put("available", false);
                node.put("note", "replay: not available in this build");
                run.log("   replay: not available in this build (%d)", started.statusCode());
                return;
            }
            if (started.statusCode() >= 300) {
                throw new IllegalStateException("replay of " + name + " answered " + started.statusCode() + ": " + started.body());
            }
        }
        node.put("available", true);
        int limit = run.settings().scaled(300, 3600);
        boolean done = false;
        // the service rebuilds each projection with a separate replay processor into shadow tables and swaps
        // them in when caught up: a replay is finished when its progress says DONE (or FAILED)
        boolean failed = false;
        while (!done && (System.nanoTime() - start) / 1e9 < limit) {
            Thread.sleep(50);
            done = true;
            for (String name : names) {
                String state = projections.replayState(name);
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
            Optional<String> rebuilt = projections.checksum(name);
            if (rebuilt.isPresent() && live.containsKey(name)) {
                ObjectNode c = checksums.putObject(name);
                c.put("live", live.get(name));
                c.put("rebuilt", rebuilt.get());
                equal &= rebuilt.get().equals(live.get(name));
            } else {
                equal = false;
            }
        }
        node.put("checksumEqualToLive", equal);
        run.log("   replay of %s: %d events in %.1f s (%.0f events/s), checksums equal: %s", names, events, seconds, events / seconds, equal);
    }
}
