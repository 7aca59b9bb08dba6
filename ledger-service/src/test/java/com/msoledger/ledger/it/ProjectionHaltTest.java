package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.msoledger.ledger.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection that cannot apply an event stops at it and says so; it never skips it. Once the cause is
 * fixed it resumes from that very event. The journal table is broken for real here: a check constraint
 * that the next entry violates, as PostgreSQL would refuse a row for any other reason.
 */
class ProjectionHaltTest extends IntegrationTest {

    /** Refuses only this test's poison entry; {@code not valid} leaves the rows already there alone. */
    private static final String BREAK_THE_JOURNAL =
            "alter table entry_view add constraint halt_test check (entry_id not like 'halt-%') not valid";
    private static final String FIX_THE_JOURNAL = "alter table entry_view drop constraint if exists halt_test";
    /** Axon backs off 1, 2, 4, 8 … s between retries; the fix is in place a few seconds after the first failure. */
    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(90);

    @Autowired
    JdbcClient jdbc;

    private static String payment(String paymentId, String amount) {
        return """
                {"paymentId":"%s","direction":"PRACTICE_TO_MSO","amount":"%s","effectiveDate":"{P-1:20}","reference":"ACH"}"""
                .formatted(paymentId, amount);
    }

    private JsonNode journal() {
        return require(api.get("/api/v1/admin/projections/journal"), 200).json();
    }

    private String prometheus() {
        return require(api.get("/actuator/prometheus"), 200).raw().body();
    }

    @Test
    void aJournalThatCannotApplyAnEntryHaltsThereReportsItAndResumesFromThatEntryOnceFixed() {
        String agreement = establishWorkedExample();
        String payments = "/api/v1/agreements/" + agreement + "/payments";
        String balances = "/api/v1/agreements/" + agreement + "/balances";
        long first = require(api.post(payments, payment("pay-1", "1000.00")), 201).position();
        require(api.get(balances + "?minPosition=" + first), 200);

        long poison;
        long later;
        JsonNode resumed;
        try {
            jdbc.sql(BREAK_THE_JOURNAL).update();
            poison = require(api.post(payments, payment("halt-1", "3000.00")), 201).position();

            JsonNode halted = await("the journal halting at the entry it cannot insert").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(this::journal, j -> j.path("status").asText().equals("ERROR"));
            assertThat(halted.get("error").get("position").asLong()).as(halted.toString()).isEqualTo(poison);
            assertThat(halted.get("error").get("reason").asText()).contains("halt_test").doesNotContain("Failing row");
            assertThat(halted.get("running").asBoolean()).isTrue();
            assertThat(halted.get("position").asLong()).isLessThan(poison);
            assertThat(prometheus()).containsPattern("ledger_projection_halted\\{[^}]*processor=\"journal\"[^}]*} 1\\.0");
            // what is not projected is not acknowledged: a read that needs the entry waits, then answers 503
            assertThat(api.get(balances + "?minPosition=" + poison).status()).isEqualTo(503);

            // it stays at that entry while the store grows: the lag grows with it
            later = require(api.post(payments, payment("pay-2", "500.00")), 201).position();
            JsonNode still = journal();
            assertThat(still.get("status").asText()).as(still.toString()).isEqualTo("ERROR");
            assertThat(still.get("error").get("position").asLong()).isEqualTo(poison);
            assertThat(still.get("head").asLong()).isGreaterThanOrEqualTo(later);
            assertThat(still.get("lagEvents").asLong()).isGreaterThan(halted.get("lagEvents").asLong());
        } finally {
            // fixed, and running again before anything else: no other test finds the journal halted
            jdbc.sql(FIX_THE_JOURNAL).update();
            resumed = await("the journal resuming").atMost(RESUME_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(this::journal, j -> j.path("status").asText().equals("RUNNING") && j.path("lagEvents").asLong() == 0);
        }
        assertThat(resumed.get("error").isNull()).as(resumed.toString()).isTrue();
        assertThat(prometheus()).containsPattern("ledger_projection_halted\\{[^}]*processor=\"journal\"[^}]*} 0\\.0");

        // it went on from the entry it had stopped at: every entry is there once, and the balances count them all
        JsonNode entries = require(api.get("/api/v1/agreements/" + agreement + "/entries?type=PAYMENT&minPosition=" + later), 200)
                .json();
        assertThat(entries.get("items").findValuesAsText("entryId")).containsExactlyInAnyOrder("pay-1", "halt-1", "pay-2");
        JsonNode books = require(api.get(balances + "?minPosition=" + later), 200).json();
        Map<String, String> byAccount = new HashMap<>();
        books.get("accounts").forEach(a -> byAccount.put(a.get("account").asText(), a.get("balance").asText()));
        assertThat(byAccount).containsEntry("cash", "4500.00").containsEntry("practice_receivable", "-4500.00");
        assertThat(books.get("trialBalance").asText()).isEqualTo("0.00");
    }
}
