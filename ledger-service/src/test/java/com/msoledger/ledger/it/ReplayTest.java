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
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.LocalDate;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rebuilding a projection from the first event gives the same tables, even while commands keep arriving. */
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
        assertThat(jdbc.sql("select count(*) from pg_tables where tablename like '%\\_\\_shadow'").query(Long.class).single())
                .isZero();
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

        JsonNode done = awaitDone("journal");
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        // nothing arrived after the writes, so at the swap both stood at the same position, and the rebuilt
        // tables equal the live ones that followed every event as it came
        assertThat(done.get("verifiedAgainstLive").asBoolean()).as(done.toString()).isTrue();
        assertThat(done.get("replayedChecksum")).isEqualTo(done.get("liveChecksum"));

        // and every entry recorded during the replay is there afterwards, once
        Api.Response entries = require(api.get("/api/v1/agreements/" + agreement.value() + "/entries?from=" + during
                + "&to=" + during + "&type=PAYMENT&size=1&minPosition=" + head()), 200);
        assertThat(entries.json().get("total").asLong()).isEqualTo(commands);
    }

    @Test
    void unknownProjectionsAreNotFound() {
        assertThat(api.post("/api/v1/admin/projections/nope/replay", "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/admin/projections/nope/checksum").status()).isEqualTo(404);
    }
}
