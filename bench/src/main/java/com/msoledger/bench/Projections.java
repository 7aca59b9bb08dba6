package com.msoledger.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The service's projections as its admin API shows them (GET /api/v1/admin/projections and below). */
final class Projections {

    private final Api api;
    private final RunContext run;

    Projections(RunContext run) {
        this.api = run.api();
        this.run = run;
    }

    private JsonNode list() {
        return api.getExpecting("/api/v1/admin/projections", 200).get("projections");
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        list().forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    /**
     * Seconds until every projection has reached the head of the event store as it was when called,
     * per GET /api/v1/admin/projections; at most {@code maxSeconds}.
     */
    double drain(int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long head = -1;
        while ((System.nanoTime() - start) / 1e9 < maxSeconds) {
            boolean caughtUp = true;
            for (JsonNode projection : list()) {
                if (head < 0) {
                    head = projection.get("head").asLong();
                }
                caughtUp &= projection.get("position").asLong() >= head;
            }
            if (caughtUp && head >= 0) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(20);
        }
        run.log("   projections did not catch up within %d s", maxSeconds);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Waits (up to 600 polls 50 ms apart) until each projection has reached the head it reports itself. */
    void awaitOwnHeads() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            boolean caughtUp = true;
            for (JsonNode p : list()) {
                caughtUp &= p.get("position").asLong() >= p.get("head").asLong();
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** A projection's checksum, or empty when the service offers none for it. */
    Optional<String> checksum(String name) {
        HttpResponse<String> checksum = api.get("/api/v1/admin/projections/" + name + "/checksum");
        return checksum.statusCode() == 200 ? Optional.of(checksumOf(checksum.body())) : Optional.empty();
    }

    private static String checksumOf(String body) {
        try {
            JsonNode json = Api.JSON.readTree(body);
            return json.has("checksum") ? json.get("checksum").asText() : body;
        } catch (Exception e) {
            return body;
        }
    }

    /** Starts a rebuild; the service's answer tells whether this build can replay at all. */
    HttpResponse<String> startReplay(String name) {
        return api.send(api.postRequest("/api/v1/admin/projections/" + name + "/replay", ""));
    }

    /** The replay's state: RUNNING, DONE or FAILED. */
    String replayState(String name) {
        return api.getExpecting("/api/v1/admin/projections/" + name + "/replay", 200).path("state").asText();
    }
}
