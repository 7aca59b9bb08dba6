package com.msoledger.ledger.it;

import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.security.Role;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestTokens;
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

    @Test
    void aCommitThatFailsAcknowledgesNothingAndTheRetryUnderTheSameKeyRecordsTheCommandOnce() {
        String agreement = establishWorkedExample();
        String stream = "agreement:" + agreement;
        // a deferred constraint: the command runs to its end, the failure comes only with the commit
        jdbc.sql("create table if not exists failing_commits (aggregate_identifier varchar(255) primary key)").update();
        jdbc.sql("""
                create or replace function fail_marked_commit() returns trigger language plpgsql as $$
                begin
                  if exists (select 1 from failing_commits where aggregate_identifier = new.aggregate_identifier) then
                    raise exception 'commit refused for %', new.aggregate_identifier using errcode = '23514';
                  end if;
                  return new;
                end $$""").update();
        jdbc.sql("drop trigger if exists fail_marked_commit on domain_event_entry").update();
        jdbc.sql("""
                create constraint trigger fail_marked_commit after insert on domain_event_entry
                deferrable initially deferred for each row execute function fail_marked_commit()""").update();
        try {
            jdbc.sql("insert into failing_commits values (?)").param(stream).update();
            String key = Samples.unique("key");
            String payment = """
                    {"paymentId":"p-commit","direction":"PRACTICE_TO_MSO","amount":"10.00","effectiveDate":"{P-1:20}"}""";
            long before = events(stream);

            Api.Response failed = api.post("/api/v1/agreements/" + agreement + "/payments", payment, "Idempotency-Key", key);
            assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
            assertThat(failed.contentType()).startsWith("application/problem+json");
            assertThat(failed.header("Retry-After")).isNotBlank();
            assertThat(failed.header("Location")).isNull();
            assertThat(failed.header("Ledger-Position")).isNull();
            assertThat(failed.json().get("type").asText()).endsWith("/not-committed");
            assertThat(failed.json().get("correlationId").asText()).isNotBlank();
            assertThat(events(stream)).isEqualTo(before);
            assertThat(jdbc.sql("select count(*) from idempotency_key where idempotency_key = ?").param(key)
                    .query(Long.class).single()).isZero();

            jdbc.sql("delete from failing_commits where aggregate_identifier = ?").param(stream).update();
            Api.Response recorded = api.post("/api/v1/agreements/" + agreement + "/payments", payment, "Idempotency-Key", key);
            assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
            assertThat(recorded.header("Idempotent-Replayed")).isNull();
            assertThat(events(stream)).isEqualTo(before + 1);
            Api.Response replayed = api.post("/api/v1/agreements/" + agreement + "/payments", payment, "Idempotency-Key", key);
            assertThat(replayed.status()).isEqualTo(201);
            assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replayed.raw().body()).isEqualTo(recorded.raw().body());
            assertThat(events(stream)).isEqualTo(before + 1);
        } finally {
            jdbc.sql("drop trigger if exists fail_marked_commit on domain_event_entry").update();
            jdbc.sql("drop table if exists failing_commits").update();
        }
    }

    @Test
    void aKeyBelongsToItsSubjectSoAnotherUsersSameKeyIsItsOwn() {
        String key = Samples.unique("shared-key");
        Api alice = new Api(port, calendar).header("Authorization", TestTokens.bearer(TestTokens.token("alice", Role.FINANCE)));
        Api bob = new Api(port, calendar).header("Authorization", TestTokens.bearer(TestTokens.token("bob", Role.FINANCE)));
        String aliceMso = Samples.unique("mso");
        String bobMso = Samples.unique("mso");
        assertThat(alice.post("/api/v1/parties", Samples.mso(aliceMso), "Idempotency-Key", key).status()).isEqualTo(201);
        Api.Response bobs = bob.post("/api/v1/parties", Samples.mso(bobMso), "Idempotency-Key", key);
        assertThat(bobs.status()).as(bobs.toString()).isEqualTo(201);
        assertThat(bobs.header("Idempotent-Replayed")).isNull();
        assertThat(events("party:" + aliceMso)).isEqualTo(1);
        assertThat(events("party:" + bobMso)).isEqualTo(1);
        // and each still replays its own first response
        assertThat(bob.post("/api/v1/parties", Samples.mso(bobMso), "Idempotency-Key", key).header("Idempotent-Replayed"))
                .isEqualTo("true");
        assertThat(alice.post("/api/v1/parties", Samples.mso(bobMso), "Idempotency-Key", key).status()).isEqualTo(422);
    }

    @Test
    void aRetryThatWritesTheSameBodyDifferentlyIsStillTheSameRequest() {
        String mso = Samples.unique("mso");
        String key = Samples.unique("key");
        String body = Samples.mso(mso);
        require(api.post("/api/v1/parties", body, "Idempotency-Key", key), 201);
        String reformatted = body.replace(",", " ,\n  ").replace("{\"partyId\"", "{ \"partyId\"");
        Api.Response again = api.post("/api/v1/parties", reformatted, "Idempotency-Key", key);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }

    private long events(String stream) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?").param(stream)
                .query(Long.class).single();
    }
}
