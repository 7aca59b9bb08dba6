package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.msoledger.api.entry.PaymentDirection;
import com.msoledger.api.entry.RecordPayment;
import com.msoledger.api.entry.ChargeServiceFee;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.Samples;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuilding a projection from the first event gives the same tables, even while commands keep arriving;
 * rebuilt tables that differ from the live ones are swapped in only when the admin forces it.
 */
class ReplayTest extends IntegrationTest {

    @Autowired
    CommandGateway gateway;
    @Autowired
    JdbcClient jdbc;

    private AgreementId history(int entries) {
        AgreementId agreement = new AgreementId(establishWorkedExample());
        SplittableRandom random = new SplittableRandom(7);
        java.util.List<String> fees = new java.util.ArrayList<>();
        for (int i = 0; i < entries; i++) {
            LocalDate date = calendar.day(-1, 1).plusDays(random.nextInt(120));
            if (i % 10 == 9 && !fees.isEmpty()) {
                // reversals update the rows of earlier entries; fee swings raise and clear FMV flags
                gateway.sendAndWait(new com.msoledger.api.entry.ReverseEntry(agreement, "rev-" + i,
                        fees.remove(random.nextInt(fees.size())), "correction", calendar.day(4, 1), null));
            } else if (i % 3 == 0) {
                fees.add("fee-" + i);
                gateway.sendAndWait(new ChargeServiceFee(agreement, "fee-" + i, "BILLING", Period.of(date), date,
                        new FeeBasis(Money.ofMinor(random.nextLong(1_00, 500_000_00), "USD"), null, null), null));
            } else {
                gateway.sendAndWait(new RecordPayment(agreement, "pay-" + i, PaymentDirection.PRACTICE_TO_MSO,
                        Money.ofMinor(random.nextLong(1, 100_000_00), "USD"), date, "R" + i));
            }
        }
        return agreement;
    }

    private long head() {
        return jdbc.sql("select max(global_index) from domain_event_entry").query(Long.class).single();
    }

    private JsonNode replayProgress(String projection) {
        return require(api.get("/api/v1/admin/projections/" + projection + "/replay"), 200).json();
    }

    private long shadowTables() {
        return jdbc.sql("select count(*) from pg_tables where tablename like '%\\_\\_shadow'").query(Long.class).single();
    }

    private JsonNode awaitDone(String projection) {
        return await("replay of " + projection + " finishing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> replayProgress(projection), progress -> !progress.path("finishedAt").isNull()
                        && !progress.path("finishedAt").isMissingNode());
    }

    @Test
    void aReplayRebuildsEveryTableToTheSameChecksum() {
        history(1500);
        require(api.get("/api/v1/reconciliation?period={P-1}&minPosition=" + head()), 200);
        for (String projection : new String[]{"journal", "agreements", "parties"}) {
            JsonNode before = require(api.get("/api/v1/admin/projections/" + projection + "/checksum"), 200).json();
            assertThat(require(api.post("/api/v1/admin/projections/" + projection + "/replay", ""), 202).json()
                    .get("projection").asText()).isEqualTo(projection);
            JsonNode done = awaitDone(projection);
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
            assertThat(done.get("verifiedAgainstLive").asBoolean()).as(done.toString()).isTrue();
            JsonNode after = require(api.get("/api/v1/admin/projections/" + projection + "/checksum"), 200).json();
            assertThat(after.get("combined").asText()).isEqualTo(before.get("combined").asText());
        }
        // the swapped-in tables kept the names migrations know
        assertThat(jdbc.sql("select count(*) from pg_indexes where indexname = 'entry_view_journal_ix'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(shadowTables()).isZero();
    }

    @Test
    void aReplayWhileCommandsKeepArrivingEndsEqualToTheProjectionThatNeverReplayed() {
        AgreementId agreement = history(2500);
        require(api.get("/api/v1/reconciliation?period={P-1}&minPosition=" + head()), 200);
        // dated after every entry of the history, so the journal can count exactly these
        LocalDate during = calendar.day(6, 2);
        int commands = 100;
        require(api.post("/api/v1/admin/projections/journal/replay", ""), 202);
        // commands arrive while the replay runs, not before it starts
        await("the replay reaching REPLAYING").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> replayProgress("journal").path("state").asText(), "REPLAYING"::equals);
        for (int n = 1; n <= commands; n++) {
            gateway.sendAndWait(new RecordPayment(agreement, "during-" + n, PaymentDirection.PRACTICE_TO_MSO,
                    Money.ofMinor(n, "USD"), during, "during replay"));
        }
        JsonNode afterWriting = replayProgress("journal");
        // precondition, not the claim: every command landed while the replay was still rebuilding (a history
        // too short for this machine would let the replay start its swap first; then lengthen the history)
        assertThat(afterWriting.get("state").asText()).as("replay state when the %d commands were recorded: %s",
                commands, afterWriting).isEqualTo("REPLAYING");
        assertThat(require(api.get("/api/v1/admin/projections"), 200).json().toString()).contains("\"name\":\"journal\"");

        // and they go on arriving, through the swap, until the replay is done; each waits for the live
        // journal (at most Freshness.MAX_WAIT, while the swap holds it), so the writes never outrun the replay
        AtomicBoolean replayFinished = new AtomicBoolean();
        String balances = "/api/v1/agreements/" + agreement.value() + "/balances?minPosition=";
        CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
            int written = 0;
            while (!replayFinished.get()) {
                written++;
                gateway.sendAndWait(new RecordPayment(agreement, "swapping-" + written, PaymentDirection.PRACTICE_TO_MSO,
                        Money.ofMinor(written, "USD"), during, "during the swap"));
                api.get(balances + head());
            }
            return written;
        });
        JsonNode done;
        int writtenUntilDone;
        try {
            done = awaitDone("journal");
        } finally {
            replayFinished.set(true);
            writtenUntilDone = writer.orTimeout(30, TimeUnit.SECONDS).join();
        }
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        // at the swap both sides held exactly the same events, whatever kept arriving, so the rebuilt tables
        // equal the live ones that followed every event as it came
        assertThat(done.get("verifiedAgainstLive").asBoolean()).as(done.toString()).isTrue();
        assertThat(done.get("forced").asBoolean()).isFalse();
        assertThat(done.get("replayedChecksum")).isEqualTo(done.get("liveChecksum"));

        // and every entry recorded during the replay is there afterwards, once
        Api.Response entries = require(api.get("/api/v1/agreements/" + agreement.value() + "/entries?from=" + during
                + "&to=" + during + "&type=PAYMENT&size=1&minPosition=" + head()), 200);
        assertThat(entries.json().get("total").asLong()).isEqualTo(commands + writtenUntilDone);
        assertThat(require(api.get("/api/v1/admin/projections/journal"), 200).json().get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void rebuiltTablesThatDifferFromTheLiveOnesAreNotSwappedInUnlessTheAdminForcesIt() {
        String party = Samples.unique("practice");
        long registered = require(api.post("/api/v1/parties", Samples.practice(party)), 201).position();
        String original = require(api.get("/api/v1/parties/" + party + "?minPosition=" + registered), 200).json()
                .get("legalName").asText();
        String tampered = "Tampered Medical Group PC";
        // the live table no longer says what the events say; a replay rebuilds it from the events
        jdbc.sql("update party_view set legal_name = ? where party_id = ?").params(tampered, party).update();
        try {
            require(api.post("/api/v1/admin/projections/parties/replay", ""), 202);
            JsonNode refused = awaitDone("parties");
            assertThat(refused.get("state").asText()).as(refused.toString()).isEqualTo("FAILED");
            assertThat(refused.get("verifiedAgainstLive").asBoolean()).isFalse();
            assertThat(refused.get("forced").asBoolean()).isFalse();
            assertThat(refused.get("failure").asText()).contains("not swapped in");
            assertThat(refused.get("replayedChecksum")).isNotEqualTo(refused.get("liveChecksum"));
            // the live table is untouched, no shadow table is left, and the live projection goes on
            assertThat(require(api.get("/api/v1/parties/" + party), 200).json().get("legalName").asText()).isEqualTo(tampered);
            assertThat(shadowTables()).isZero();
            assertThat(require(api.get("/api/v1/admin/projections/parties"), 200).json().get("status").asText())
                    .isEqualTo("RUNNING");
            String next = Samples.unique("practice");
            long nextPosition = require(api.post("/api/v1/parties", Samples.practice(next)), 201).position();
            require(api.get("/api/v1/parties/" + next + "?minPosition=" + nextPosition), 200);

            require(api.post("/api/v1/admin/projections/parties/replay?force=true", ""), 202);
            JsonNode forced = awaitDone("parties");
            assertThat(forced.get("state").asText()).as(forced.toString()).isEqualTo("DONE");
            assertThat(forced.get("forced").asBoolean()).isTrue();
            assertThat(forced.get("verifiedAgainstLive").asBoolean()).isFalse();
            // the rebuilt table is live now: it says what the events say
            assertThat(require(api.get("/api/v1/parties/" + party), 200).json().get("legalName").asText()).isEqualTo(original);
            JsonNode checksum = require(api.get("/api/v1/admin/projections/parties/checksum"), 200).json();
            assertThat(checksum.get("tables")).isEqualTo(forced.get("replayedChecksum"));
            assertThat(api.post("/api/v1/admin/projections/parties/replay?force=maybe", "").status()).isEqualTo(400);
        } finally {
            jdbc.sql("update party_view set legal_name = ? where party_id = ? and legal_name = ?")
                    .params(original, party, tampered).update();
        }
    }

    @Test
    void unknownProjectionsAreNotFound() {
        assertThat(api.post("/api/v1/admin/projections/nope/replay", "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/admin/projections/nope/checksum").status()).isEqualTo(404);
    }
}
