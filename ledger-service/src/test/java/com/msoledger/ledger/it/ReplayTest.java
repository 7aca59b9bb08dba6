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

import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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
            LocalDate date = LocalDate.of(2026, 10, 1).plusDays(random.nextInt(120));
            if (i % 10 == 9 && !fees.isEmpty()) {
                // reversals update the rows of earlier entries; fee swings raise and clear FMV flags
                gateway.sendAndWait(new com.msoledger.api.entry.ReverseEntry(agreement, "rev-" + i,
                        fees.remove(random.nextInt(fees.size())), "correction", LocalDate.of(2027, 3, 1), null));
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

    private JsonNode awaitDone(String projection) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode progress = api.get("/api/v1/admin/projections/" + projection + "/replay").json();
            if (progress.get("finishedAt") != null && !progress.get("finishedAt").isNull()) {
                return progress;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("replay of " + projection + " did not finish");
    }

    @Test
    void aReplayRebuildsEveryTableToTheSameChecksum() throws Exception {
        history(1500);
        require(api.get("/api/v1/reconciliation?period=2026-10&minPosition=" + head()), 200);
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
    void aReplayWhileCommandsKeepArrivingEndsEqualToTheProjectionThatNeverReplayed() throws Exception {
        AgreementId agreement = history(2500);
        require(api.get("/api/v1/reconciliation?period=2026-10&minPosition=" + head()), 200);
        AtomicBoolean keepGoing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (keepGoing.get()) {
                int n = sent.incrementAndGet();
                gateway.sendAndWait(new RecordPayment(agreement, "during-" + n, PaymentDirection.PRACTICE_TO_MSO,
                        Money.ofMinor(n, "USD"), LocalDate.of(2026, 11, 2), "during replay"));
            }
        });
        require(api.post("/api/v1/admin/projections/journal/replay", ""), 202);
        // commands arrive while the replay runs, not before it starts
        for (int i = 0; i < 600 && !api.get("/api/v1/admin/projections/journal/replay").json().get("state").asText()
                .equals("REPLAYING"); i++) {
            Thread.sleep(10);
        }
        writer.start();
        while (sent.get() < 100 && api.get("/api/v1/admin/projections/journal/replay").json().get("finishedAt").isNull()) {
            Thread.sleep(10);
        }
        JsonNode progress = api.get("/api/v1/admin/projections").json();
        keepGoing.set(false);
        writer.join();
        assertThat(sent.get()).as("commands sent while the replay ran").isPositive();
        assertThat(progress.toString()).contains("\"name\":\"journal\"");

        JsonNode done = awaitDone("journal");
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        // at the swap, when both stood at the same position, the rebuilt tables equal the live ones that
        // followed every event as it came (if commands were still arriving then, they could not be compared)
        if (!done.get("verifiedAgainstLive").isNull()) {
            assertThat(done.get("verifiedAgainstLive").asBoolean()).as(done.toString()).isTrue();
            assertThat(done.get("replayedChecksum")).isEqualTo(done.get("liveChecksum"));
        }

        // and nothing recorded during the replay is missing afterwards
        Api.Response entries = require(api.get("/api/v1/agreements/" + agreement.value()
                + "/entries?from=2026-11-02&to=2026-11-02&type=PAYMENT&size=1&minPosition=" + head()), 200);
        assertThat(entries.json().get("total").asLong()).isGreaterThanOrEqualTo(sent.get() - 1);
    }

    @Test
    void unknownProjectionsAreNotFound() {
        assertThat(api.post("/api/v1/admin/projections/nope/replay", "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/admin/projections/nope/checksum").status()).isEqualTo(404);
    }
}
