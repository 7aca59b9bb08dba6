package com.msoledger.ledger.it;

import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.Samples;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The Idempotency-Key contract of every command. */
class IdempotencyTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSameKeyAndRequestReturnsTheFirstResponseByteForByteWithoutASecondEffect() {
        String mso = Samples.unique("mso");
        Api.Response first = require(api.post("/api/v1/parties", Samples.mso(mso), "Idempotency-Key", "key-" + mso), 201);
        Api.Response again = api.post("/api/v1/parties", Samples.mso(mso), "Idempotency-Key", "key-" + mso);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.raw().body()).isEqualTo(first.raw().body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Ledger-Position")).isEqualTo(first.header("Ledger-Position"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(events("party:" + mso)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefused() {
        String key = Samples.unique("key");
        require(api.post("/api/v1/parties", Samples.mso(Samples.unique("mso")), "Idempotency-Key", key), 201);
        Api.Response reused = api.post("/api/v1/parties", Samples.mso(Samples.unique("mso")), "Idempotency-Key", key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void aCommandWithoutAWellFormedKeyIsRefused() {
        String body = Samples.mso(Samples.unique("mso"));
        for (String key : new String[]{"", "has space", "x".repeat(256)}) {
            Api.Response refused = api.post("/api/v1/parties", body, "Idempotency-Key", key);
            assertThat(refused.status()).as("key '%s'", key).isEqualTo(400);
            assertThat(refused.json().get("field").asText()).isEqualTo("Idempotency-Key");
        }
        assertThat(api.post("/api/v1/parties", body, "Idempotency-Key", "x".repeat(255)).status()).isEqualTo(201);
    }

    @Test
    void aRefusedCommandStoresNothingSoItMayBeRetried() {
        String key = Samples.unique("key");
        String bad = Samples.practice(Samples.unique("p")).replace("\"49.00\"", "\"48.00\"");
        assertThat(api.post("/api/v1/parties", bad, "Idempotency-Key", key).status()).isEqualTo(422);
        assertThat(jdbc.sql("select count(*) from idempotency_key where idempotency_key = ?").param(key)
                .query(Long.class).single()).isZero();
    }

    @Test
    void bodiesAboveTheCapAreRefused() {
        Api.Response huge = api.post("/api/v1/parties", "{\"legalName\":\"" + "x".repeat(300_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aThousandConcurrentRequestsOnAHundredKeysHaveExactlyOneEffectPerKey() throws Exception {
        String agreement = establishWorkedExample();
        String run = Samples.unique("run");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int copy = 0; copy < 10; copy++) {
            for (int k = 0; k < 100; k++) {
                String key = run + "-" + k;
                String body = """
                        {"paymentId":"%s","direction":"PRACTICE_TO_MSO","amount":"10.00","effectiveDate":"{P-1:20}"}"""
                        .formatted(key);
                calls.add(() -> api.post("/api/v1/agreements/" + agreement + "/payments", body, "Idempotency-Key", key));
            }
        }
        java.util.Collections.shuffle(calls, new java.util.Random(42));
        List<Future<Api.Response>> results = pool.invokeAll(calls);
        pool.shutdown();
        int created = 0;
        for (Future<Api.Response> result : results) {
            int status = result.get().status();
            assertThat(status).as(result.get().toString()).isIn(201, 409);
            if (status == 201) {
                created++;
            }
        }
        assertThat(created).isGreaterThanOrEqualTo(100);
        long payments = jdbc.sql("select count(*) from entry_registry where agreement_id = ? and entry_id like ?")
                .params(agreement, run + "-%").query(Long.class).single();
        assertThat(payments).isEqualTo(100);
        assertThat(jdbc.sql("select count(*) from idempotency_key where idempotency_key like ?").param(run + "-%")
                .query(Long.class).single()).isEqualTo(100);
    }

    private long events(String stream) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?").param(stream)
                .query(Long.class).single();
    }
}
