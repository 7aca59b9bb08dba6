package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.msoledger.ledger.audit.HashChain;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.Samples;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw trail, the head and verification of untouched chains over HTTP, in the shared context
 * (nothing here alters a row; tampering is {@link TamperEvidenceTest}'s, on a database of its own).
 */
class AuditTrailHttpTest extends IntegrationTest {

    private static final String AUDIT = "/api/v1/audit";

    @Autowired
    JdbcClient jdbc;

    @Test
    void servesAnAgreementsEventsAsStoredInOrderWithTheirMetadataAndChain() {
        api.header("Authorization", com.msoledger.ledger.support.TestTokens.bearer(com.msoledger.ledger.support.TestTokens.token(
                "alice@acme", com.msoledger.ledger.security.Role.FINANCE, com.msoledger.ledger.security.Role.AUDITOR,
                com.msoledger.ledger.security.Role.ADMIN))).header("X-Correlation-Id", "corr-audit-trail");
        String agreement = establishWorkedExample();
        Api.Response last = null;
        for (int i = 1; i <= 3; i++) {
            last = require(payment(agreement, "p" + i), 201);
        }

        JsonNode first = require(api.get(AUDIT + "/agreements/" + agreement + "/events?limit=2"), 200).json();
        assertThat(first.get("streamId").asText()).isEqualTo("agreement:" + agreement);
        assertThat(first.get("agreementId").asText()).isEqualTo(agreement);
        assertThat(first.get("events")).hasSize(2);
        assertThat(first.get("nextFromSequence").asLong()).isEqualTo(2);
        JsonNode second = require(api.get(AUDIT + "/agreements/" + agreement + "/events?fromSequence=2&limit=2"), 200).json();
        assertThat(second.get("events")).hasSize(2);
        assertThat(second.get("nextFromSequence").isNull()).isTrue();

        List<JsonNode> events = new ArrayList<>();
        first.get("events").forEach(events::add);
        second.get("events").forEach(events::add);
        assertThat(events).extracting(e -> e.get("sequenceNumber").asLong()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(events.get(0).get("payloadType").asText()).isEqualTo("com.msoledger.api.agreement.AgreementEstablished");
        assertThat(events.get(0).get("aggregateType").asText()).isEqualTo("Agreement");
        assertThat(events.get(0).get("payload").get("agreementId").asText()).isEqualTo(agreement);
        assertThat(events.get(3).get("payloadType").asText()).isEqualTo("com.msoledger.api.entry.PaymentRecorded");
        assertThat(events.get(3).get("globalPosition").asLong()).isEqualTo(last.position());
        for (JsonNode event : events) {
            assertThat(event.get("actor").asText()).isEqualTo("alice@acme");
            assertThat(event.get("correlationId").asText()).isEqualTo("corr-audit-trail");
            assertThat(event.get("causationId").asText()).isNotBlank();
            assertThat(event.get("idempotencyKey").asText()).isNotBlank();
            assertThat(event.get("recordedAt").asText()).isEqualTo(event.get("timestamp").asText());
            assertThat(event.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(event.get("hash").asText()).matches("[0-9a-f]{64}");
            assertThat(event.get("metaData").get("hash").asText()).isEqualTo(event.get("hash").asText());
            assertThat(event.get("metaData").get("actor").asText()).isEqualTo("alice@acme");
        }
        // each event chains from the one before it, the first from the documented genesis value
        assertThat(events.get(0).get("previousHash").asText()).isEqualTo(HashChain.genesis("agreement:" + agreement));
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).get("previousHash").asText()).isEqualTo(events.get(i - 1).get("hash").asText());
        }
        assertThat(events).extracting(e -> e.get("globalPosition").asLong()).isSorted();

        JsonNode head = require(api.get(AUDIT + "/agreements/" + agreement + "/head"), 200).json();
        assertThat(head.get("sequenceNumber").asLong()).isEqualTo(3);
        assertThat(head.get("hash").asText()).isEqualTo(events.get(3).get("hash").asText());
        assertThat(head.get("eventId").asText()).isEqualTo(events.get(3).get("eventId").asText());
        assertThat(head.get("globalPosition").asLong()).isEqualTo(last.position());
        assertThat(head.get("agreementId").asText()).isEqualTo(agreement);
    }

    @Test
    void partiesAreChainedAndServedTheSameWay() {
        String mso = Samples.unique("mso");
        require(api.post("/api/v1/parties", Samples.mso(mso)), 201);
        JsonNode events = require(api.get(AUDIT + "/parties/" + mso + "/events"), 200).json();
        assertThat(events.get("partyId").asText()).isEqualTo(mso);
        assertThat(events.has("agreementId")).isFalse();
        assertThat(events.get("events")).hasSize(1);
        assertThat(events.get("events").get(0).get("previousHash").asText()).isEqualTo(HashChain.genesis("party:" + mso));
        JsonNode head = require(api.get(AUDIT + "/parties/" + mso + "/head"), 200).json();
        assertThat(head.get("sequenceNumber").asLong()).isZero();
        assertThat(head.get("hash").asText()).isEqualTo(events.get("events").get(0).get("hash").asText());
    }

    @Test
    void verifiesNamedAgreementsAndPartiesAgainstTheirStoredRows() {
        String agreement = establishWorkedExample();
        require(payment(agreement, "p1"), 201);
        String mso = Samples.unique("mso");
        require(api.post("/api/v1/parties", Samples.mso(mso)), 201);

        Api.Response verified = require(api.post(AUDIT + "/verify", """
                {"agreementIds":["%s"],"partyIds":["%s"]}""".formatted(agreement, mso)), 200);
        JsonNode report = verified.json();
        assertThat(verified.contentType()).startsWith("application/json");
        assertThat(report.get("scope").asText()).isEqualTo("SELECTED");
        assertThat(report.get("intact").asBoolean()).isTrue();
        assertThat(report.get("completed").asBoolean()).isTrue();
        assertThat(report.get("streamsChecked").asLong()).isEqualTo(2);
        assertThat(report.get("checkedEvents").asLong()).isEqualTo(3);
        assertThat(report.get("brokenStreams").asLong()).isZero();
        JsonNode stream = report.get("streams").get(0);
        assertThat(stream.get("streamId").asText()).isEqualTo("agreement:" + agreement);
        assertThat(stream.get("agreementId").asText()).isEqualTo(agreement);
        assertThat(stream.get("eventsChecked").asLong()).isEqualTo(2);
        assertThat(stream.get("headSequence").asLong()).isEqualTo(1);
        assertThat(stream.get("verifiedThroughSequence").asLong()).isEqualTo(1);
        assertThat(stream.get("intact").asBoolean()).isTrue();
        assertThat(stream.get("firstBrokenLink").isNull()).isTrue();
        assertThat(stream.get("headHash").asText())
                .isEqualTo(api.get(AUDIT + "/agreements/" + agreement + "/head").json().get("hash").asText());
        assertThat(report.get("streams").get(1).get("partyId").asText()).isEqualTo(mso);
    }

    @Test
    void theWholeUntouchedStoreVerifiesIntact() {
        String agreement = establishWorkedExample();
        require(payment(agreement, "p1"), 201);
        long stored = jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();

        JsonNode report = require(api.post(AUDIT + "/verify", ""), 200).json();
        assertThat(report.get("scope").asText()).isEqualTo("ALL");
        assertThat(report.get("intact").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("brokenStreams").asLong()).isZero();
        assertThat(report.get("checkedEvents").asLong()).isGreaterThanOrEqualTo(stored);
        List<String> streams = new ArrayList<>();
        report.get("streams").forEach(s -> streams.add(s.get("streamId").asText()));
        assertThat(streams).contains("agreement:" + agreement).doesNotHaveDuplicates();
        // an empty object asks for the same
        assertThat(require(api.post(AUDIT + "/verify", "{}"), 200).json().get("scope").asText()).isEqualTo("ALL");
    }

    @Test
    void concurrentWritersOnOneAgreementLeaveAnIntactChain() throws Exception {
        String agreement = establishWorkedExample();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Api.Response>> responses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = "c" + i;
                responses.add(pool.submit(() -> payment(agreement, id)));
            }
            for (Future<Api.Response> response : responses) {
                assertThat(response.get().status()).as(response.get().toString()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode report = require(api.post(AUDIT + "/verify", """
                {"agreementIds":["%s"]}""".formatted(agreement)), 200).json();
        assertThat(report.get("intact").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("checkedEvents").asLong()).isEqualTo(13);
    }

    @Test
    void refusesBadParametersAndUnknownIdsWithProblems() {
        String agreement = establishWorkedExample();
        String events = AUDIT + "/agreements/" + agreement + "/events";
        assertProblem(api.get(events + "?limit=0"), 400, "limit");
        assertProblem(api.get(events + "?limit=1001"), 400, "limit");
        assertProblem(api.get(events + "?limit=many"), 400, "limit");
        assertProblem(api.get(events + "?fromSequence=-1"), 400, "fromSequence");
        assertThat(require(api.get(events + "?fromSequence=99"), 200).json().get("events")).isEmpty();
        assertThat(require(api.get(events + "?limit=1000"), 200).json().get("events")).hasSize(1);

        assertThat(api.get(AUDIT + "/agreements/no-such-msa/events").status()).isEqualTo(404);
        assertThat(api.get(AUDIT + "/agreements/no-such-msa/head").status()).isEqualTo(404);
        assertThat(api.get(AUDIT + "/parties/no-such-party/head").status()).isEqualTo(404);

        Api.Response unknown = api.post(AUDIT + "/verify", """
                {"agreementIds":["%s","no-such-msa"]}""".formatted(agreement));
        assertProblem(unknown, 404, "agreementIds");
        assertThat(unknown.json().get("detail").asText()).contains("no-such-msa").doesNotContain(agreement);
        assertProblem(api.post(AUDIT + "/verify", "{\"partyIds\":[\"no-such-party\"]}"), 404, "partyIds");
        assertProblem(api.post(AUDIT + "/verify", "{\"agreementIds\":[]}"), 400, "agreementIds");
        assertProblem(api.post(AUDIT + "/verify", "{\"agreementIds\":[\"not an id\"]}"), 400, "agreementIds[0]");
        assertProblem(api.post(AUDIT + "/verify", "{\"agreementIds\":\"" + agreement + "\"}"), 400, "agreementIds");
        assertProblem(api.post(AUDIT + "/verify", "{\"agreements\":[\"" + agreement + "\"]}"), 400, "agreements");
    }

    private Api.Response payment(String agreement, String id) {
        return api.post("/api/v1/agreements/" + agreement + "/payments", """
                {"paymentId":"%s","direction":"PRACTICE_TO_MSO","amount":"3000.00","effectiveDate":"{P-1:20}"}"""
                .formatted(id));
    }

    private static void assertProblem(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }
}
