package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.msoledger.ledger.security.Role;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/batches} over HTTP on real PostgreSQL: both modes, refusals mid-batch, invalid items, limits. */
class BatchHttpTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private static String item(String agreement, String type, String body) {
        return """
                {"agreementId":"%s","type":"%s","body":%s}""".formatted(agreement, type, body);
    }

    private static String batch(String mode, String... items) {
        return """
                {"batchId":"b-%s","mode":"%s","items":[%s]}""".formatted(UUID.randomUUID().toString().substring(0, 8), mode,
                String.join(",", items));
    }

    private static String hr(String id) {
        return """
                {"chargeId":"%s","serviceCode":"HR","period":"{P-1}","effectiveDate":"{P-1:end}"}""".formatted(id);
    }

    private static String billing(String id, String collections) {
        return """
                {"chargeId":"%s","serviceCode":"BILLING","period":"{P-1}","effectiveDate":"{P-1:end}",
                 "basis":{"collections":"%s"}}""".formatted(id, collections);
    }

    private static String payment(String id, String amount) {
        return """
                {"paymentId":"%s","direction":"PRACTICE_TO_MSO","amount":"%s","effectiveDate":"{P-1:end}","reference":"WIRE"}"""
                .formatted(id, amount);
    }

    private long entries(String agreement) {
        return jdbc.sql("select count(*) from entry_registry where agreement_id = ?").param(agreement).query(Long.class).single();
    }

    private long events(String agreement) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier like ?")
                .param("%" + agreement).query(Long.class).single();
    }

    @Test
    void allOrNothingRecordsEveryItemAcrossAgreementsAndAnswersEachEntry() {
        String a = establishWorkedExample();
        String b = establishWorkedExample();
        Api.Response response = require(api.post("/api/v1/batches", batch("ALL_OR_NOTHING",
                item(a, "fee-charges", billing("oct-billing", "200000.00")),
                item(a, "fee-charges", hr("oct-hr")),
                item(b, "risk-share-accruals", """
                        {"accrualId":"oct-risk","period":"{P-1}","effectiveDate":"{P-1:end}",
                         "practiceRevenue":"300000.00","practiceExpenses":"250000.00"}"""),
                item(a, "payments", payment("wire-1", "14500.00")),
                item(a, "distributions", """
                        {"distributionId":"d1","period":"{P-1}","effectiveDate":"{P-1:end}","amount":"100.01"}"""),
                item(b, "asset-transfers", """
                        {"transferId":"t1","assetId":"mri-1","description":"MRI lease","category":"MEDICAL_EQUIPMENT",
                         "fairMarketValue":"180000.00","effectiveDate":"{P-1:15}","consideration":"PAYABLE"}"""),
                item(a, "reversals", """
                        {"reversalId":"r1","entryId":"oct-hr","reason":"entered twice","effectiveDate":"{P-1:end}"}"""))), 200);
        JsonNode body = response.json();
        assertThat(body.get("mode").asText()).isEqualTo("ALL_OR_NOTHING");
        assertThat(body.get("recorded").asInt()).isEqualTo(7);
        assertThat(body.get("refused").asInt()).isZero();
        JsonNode items = body.get("items");
        assertThat(items).hasSize(7);
        for (int i = 0; i < 7; i++) {
            assertThat(items.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(items.get(i).get("status").asInt()).isEqualTo(201);
            assertThat(items.get(i).has("problem")).isFalse();
        }
        assertThat(items.get(0).get("entry").get("amount").asText()).isEqualTo("12000.00");
        assertThat(items.get(2).get("entry").get("amount").asText()).isEqualTo("10000.00");
        assertThat(items.get(6).get("entry").get("type").asText()).isEqualTo("REVERSAL");
        long maxPosition = 0;
        for (JsonNode item : items) {
            maxPosition = Math.max(maxPosition, item.get("entry").get("position").asLong());
        }
        assertThat(response.position()).isEqualTo(maxPosition);
        assertThat(entries(a)).isEqualTo(5);
        assertThat(entries(b)).isEqualTo(2);
        // the entries are those the single endpoints show
        JsonNode single = require(api.get("/api/v1/agreements/" + a + "/entries/oct-billing?minPosition=" + maxPosition), 200).json();
        assertThat(single.get("amount").asText()).isEqualTo("12000.00");
        JsonNode reversed = require(api.get("/api/v1/agreements/" + a + "/entries/oct-hr?minPosition=" + maxPosition), 200).json();
        assertThat(reversed.get("reversedBy").asText()).isEqualTo("r1");
    }

    @Test
    void allOrNothingRollsEverythingBackOnARefusalMidBatch() {
        String a = establishWorkedExample();
        String b = establishWorkedExample();
        long eventsBefore = events(a) + events(b);
        Api.Response response = api.post("/api/v1/batches", batch("ALL_OR_NOTHING",
                item(a, "fee-charges", hr("oct-hr")),
                item(b, "payments", payment("wire-1", "10.00")),
                item(a, "fee-charges", hr("oct-hr-again")), // HR is fixed monthly: charged once per period
                item(a, "payments", payment("wire-2", "20.00"))));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("type").asText()).endsWith("/batch-refused");
        assertThat(body.get("failedIndex").asInt()).isEqualTo(2);
        assertThat(body.get("detail").asText()).contains("item 2").contains("nothing in the batch was recorded");
        JsonNode items = body.get("items");
        assertThat(items).hasSize(4);
        assertThat(items.get(2).get("status").asInt()).isEqualTo(422);
        assertThat(items.get(2).get("problem").get("type").asText()).endsWith("/fixed-fee-already-charged");
        assertThat(items.get(2).get("problem").get("field").asText()).isEqualTo("period");
        for (int i : new int[]{0, 1, 3}) {
            assertThat(items.get(i).get("status").asInt()).isEqualTo(424);
            assertThat(items.get(i).has("entry")).isFalse();
        }
        // nothing of the batch was recorded, not even the items before the refusal
        assertThat(entries(a)).isZero();
        assertThat(entries(b)).isZero();
        assertThat(events(a) + events(b)).isEqualTo(eventsBefore);
        // a refused batch stores no idempotency key: fixed, it can be sent again and records everything
        Api.Response fixed = require(api.post("/api/v1/batches", batch("ALL_OR_NOTHING",
                item(a, "fee-charges", hr("oct-hr")), item(b, "payments", payment("wire-1", "10.00")))), 200);
        assertThat(fixed.json().get("recorded").asInt()).isEqualTo(2);
        assertThat(entries(a)).isEqualTo(1);
    }

    @Test
    void aRolledBackBatchLeavesNoTraceInTheAgreementsNextCommandsSee() {
        String a = establishWorkedExample();
        String b = establishWorkedExample();
        require(api.post("/api/v1/agreements/" + a + "/fee-charges", hr("oct-hr")), 201);
        require(api.post("/api/v1/agreements/" + b + "/payments", payment("warm", "1.00")), 201); // b is cached now
        for (int round = 0; round < 2; round++) {
            // b's items succeed, then a's refusal rolls the whole batch back
            assertThat(api.post("/api/v1/batches", batch("ALL_OR_NOTHING",
                    item(b, "fee-charges", hr("oct-hr")),
                    item(b, "fee-charges", billing("oct-billing", "100000.00")),
                    item(a, "fee-charges", hr("oct-hr-again")))).status()).isEqualTo(422);
        }
        // had b's rolled-back state been cached, HR would count as charged and the sequence would be off
        require(api.post("/api/v1/agreements/" + b + "/fee-charges", hr("oct-hr")), 201);
        require(api.post("/api/v1/agreements/" + b + "/distributions", """
                {"distributionId":"d1","period":"{P-1}","effectiveDate":"{P-1:end}","amount":"2500.00"}"""), 201);
        assertThat(api.post("/api/v1/agreements/" + b + "/distributions", """
                {"distributionId":"d2","period":"{P-1}","effectiveDate":"{P-1:end}","amount":"0.01"}""").status())
                .as("the rolled-back BILLING fee must not count as income").isEqualTo(422);
        assertThat(jdbc.sql("select sequence_number from domain_event_entry where aggregate_identifier like ? order by 1")
                .param("%" + b).query(Long.class).list()).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void allOrNothingRefusesABatchWithAnInvalidItemBeforeRecordingAnything() {
        String a = establishWorkedExample();
        Api.Response response = api.post("/api/v1/batches", batch("ALL_OR_NOTHING",
                item(a, "fee-charges", hr("oct-hr")),
                item(a, "payments", """
                        {"paymentId":"p1","direction":"PRACTICE_TO_MSO","amount":14500.00,"effectiveDate":"{P-1:end}"}"""),
                item(a, "bonuses", "{}"),
                item("no-such-agreement", "payments", payment("p2", "1.00"))));
        assertThat(response.status()).isEqualTo(400);
        JsonNode items = response.json().get("items");
        assertThat(response.json().get("failedIndex").asInt()).isEqualTo(1);
        assertThat(items.get(0).get("status").asInt()).isEqualTo(424);
        assertThat(items.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(items.get(1).get("problem").get("field").asText()).isEqualTo("amount");
        assertThat(items.get(2).get("status").asInt()).isEqualTo(400);
        assertThat(items.get(2).get("problem").get("field").asText()).isEqualTo("type");
        assertThat(items.get(3).get("status").asInt()).isEqualTo(404);
        assertThat(entries(a)).isZero();
    }

    @Test
    void perItemRecordsEachItemOnItsOwn() {
        String a = establishWorkedExample();
        Api.Response response = require(api.post("/api/v1/batches", batch("PER_ITEM",
                item(a, "fee-charges", hr("oct-hr")),
                item(a, "fee-charges", hr("oct-hr-again")),                      // refused: 422
                item(a, "payments", """
                        {"paymentId":"p1","direction":"SIDEWAYS","amount":"1.00","effectiveDate":"{P-1:end}"}"""),  // invalid: 400
                item(a, "payments", """
                        {"paymentId":"p2","amount":"1.00","effectiveDate":"{P-1:end}","extra":"x"}"""),  // unknown field: 400
                item(a, "payments", payment("wire-1", "2500.00")),
                item(a, "fee-charges", hr("oct-hr")),                            // a repeat: the original entry
                item(a, "reversals", """
                        {"reversalId":"r1","entryId":"nothing-like-it","reason":"oops","effectiveDate":"{P-1:end}"}"""))), 200);
        JsonNode body = response.json();
        assertThat(body.get("mode").asText()).isEqualTo("PER_ITEM");
        assertThat(body.get("recorded").asInt()).isEqualTo(3);
        assertThat(body.get("refused").asInt()).isEqualTo(4);
        JsonNode items = body.get("items");
        List<Integer> statuses = new ArrayList<>();
        items.forEach(item -> statuses.add(item.get("status").asInt()));
        assertThat(statuses).containsExactly(201, 422, 400, 400, 201, 201, 422);
        assertThat(items.get(2).get("problem").get("field").asText()).isEqualTo("direction");
        assertThat(items.get(3).get("problem").get("field").asText()).isEqualTo("extra");
        assertThat(items.get(3).get("problem").get("type").asText()).endsWith("/malformed-body");
        assertThat(items.get(5).get("entry").get("entryId").asText()).isEqualTo("oct-hr");
        assertThat(items.get(5).get("entry").get("position").asLong()).isEqualTo(items.get(0).get("entry").get("position").asLong());
        assertThat(items.get(6).get("problem").get("type").asText()).endsWith("/unknown-entry");
        assertThat(entries(a)).isEqualTo(2);
    }

    @Test
    void theSameKeyAndBatchAgainIsAnsweredAsBeforeWithoutASecondEffect() {
        String a = establishWorkedExample();
        String body = batch("PER_ITEM", item(a, "fee-charges", hr("oct-hr")), item(a, "payments", payment("w", "1.00")));
        String key = UUID.randomUUID().toString();
        Api.Response first = require(api.post("/api/v1/batches", body, "Idempotency-Key", key), 200);
        Api.Response again = require(api.post("/api/v1/batches", body, "Idempotency-Key", key), 200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.raw().body()).isEqualTo(first.raw().body());
        assertThat(entries(a)).isEqualTo(2);
        assertThat(api.post("/api/v1/batches", body, "Idempotency-Key", "").status()).isEqualTo(400);
    }

    @Test
    void aThousandItemsFitEvenPastTheSingleCommandBodyCapButNoMore() {
        String a = establishWorkedExample();
        String reference = "R".repeat(100);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(item(a, "payments", """
                    {"paymentId":"p-%d","direction":"PRACTICE_TO_MSO","amount":"1.00","effectiveDate":"{P-1:end}",
                     "reference":"%s"}""".formatted(i, reference)));
        }
        String body = batch("ALL_OR_NOTHING", items.toArray(String[]::new));
        assertThat(body.length()).isGreaterThan(256 * 1024);
        Api.Response response = require(api.post("/api/v1/batches", body), 200);
        assertThat(response.json().get("recorded").asInt()).isEqualTo(1000);
        assertThat(entries(a)).isEqualTo(1000);

        items.add(item(a, "payments", payment("one-too-many", "1.00")));
        Api.Response tooMany = api.post("/api/v1/batches", batch("PER_ITEM", items.toArray(String[]::new)));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("field").asText()).isEqualTo("items");
    }

    @Test
    void batchesAreForFinanceOnlyAndNeedAWellFormedEnvelope() {
        String a = establishWorkedExample();
        Api auditor = new Api(port).header("Authorization", TestTokens.bearer(TestTokens.token("auditor", Role.AUDITOR)));
        assertThat(auditor.post("/api/v1/batches", batch("PER_ITEM", item(a, "fee-charges", hr("x")))).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/batches", """
                {"batchId":"b1","mode":"SOMETIMES","items":[]}""").json().get("field").asText()).isIn("mode", "items");
        assertThat(api.post("/api/v1/batches", """
                {"batchId":"b1","mode":"PER_ITEM","items":[]}""").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/batches", """
                {"batchId":"b1","mode":"PER_ITEM","items":[{"agreementId":"%s","type":"payments","body":[]}]}"""
                .formatted(a)).json().get("items").get(0).get("problem").get("field").asText()).isEqualTo("body");
    }
}
