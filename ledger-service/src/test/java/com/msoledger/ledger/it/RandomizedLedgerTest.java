package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.entry.AccrueRiskShare;
import com.msoledger.api.entry.AssetCategory;
import com.msoledger.api.entry.ChargeServiceFee;
import com.msoledger.api.entry.ClosePeriod;
import com.msoledger.api.entry.Consideration;
import com.msoledger.api.entry.DistributeProfit;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.entry.PaymentDirection;
import com.msoledger.api.entry.RecordPayment;
import com.msoledger.api.entry.ReverseEntry;
import com.msoledger.api.entry.TransferAsset;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.support.IntegrationTest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random commands, valid and invalid, against one agreement. Afterwards the stored
 * events alone (read as plain JSON, not through our classes) must balance per currency, and every
 * refused command must have left no event. An accepted command records at most one entry, and at most
 * one compliance flag after it (random BILLING charges move its annualised fees in and out of the FMV
 * range); per flag, raises and clearings alternate, starting with a raise.
 */
class RandomizedLedgerTest extends IntegrationTest {

    private static final int COMMANDS = 2_500;
    private static final String[] SERVICES = {"BILLING", "HR", "IT", "FACILITY", "LEGAL"};

    @Autowired
    CommandGateway gateway;
    @Autowired
    JdbcClient jdbc;

    @Test
    void storedEntriesBalanceAndRefusalsLeaveNoTrace() throws Exception {
        long seed = Long.getLong("property.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        AgreementId agreement = new AgreementId(establishWorkedExample());
        String stream = agreement.streamId();
        List<Object> sent = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        long events = count(stream);
        long flags = flags(stream);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < COMMANDS; i++) {
            Object command = random.nextInt(20) == 0 && !sent.isEmpty()
                    ? sent.get(random.nextInt(sent.size()))   // an exact retry
                    : randomCommand(random, agreement, "e" + i, ids);
            boolean ok;
            try {
                gateway.sendAndWait(command);
                ok = true;
            } catch (RuleViolation e) {
                ok = false; // a business refusal; anything else is a crash and fails the test
            }
            long after = count(stream);
            long flagsAfter = flags(stream);
            long recorded = (after - events) - (flagsAfter - flags);
            if (ok) {
                assertThat(recorded).as("seed %d, command %s", seed, command).isBetween(0L, 1L);
                assertThat(flagsAfter - flags).as("flags after seed %d, command %s", seed, command).isBetween(0L, recorded);
                accepted += (int) recorded;
                sent.add(command);
                if (recorded > 0 && command instanceof com.msoledger.api.entry.EntryCommand entry) {
                    ids.add(entry.entryId());
                }
            } else {
                assertThat(after).as("a refused command left an event (seed %d): %s", seed, command).isEqualTo(events);
                refused++;
            }
            events = after;
            flags = flagsAfter;
        }
        assertThat(accepted).as("seed %d", seed).isGreaterThan(COMMANDS / 5);
        assertThat(refused).as("seed %d", seed).isGreaterThan(COMMANDS / 20);

        Map<String, String> lastFlagEvent = new HashMap<>();
        for (var row : jdbc.sql("""
                        select payload_type, payload from domain_event_entry
                        where aggregate_identifier = ? and payload_type like 'com.msoledger.api.compliance.%'
                        order by sequence_number""").param(stream)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getBytes(2))).list()) {
            String flagId = new ObjectMapper().readTree(row.getValue()).get("flagId").asText();
            String type = row.getKey().substring(row.getKey().lastIndexOf('.') + 1);
            String previous = lastFlagEvent.put(flagId, type);
            assertThat(type).as("seed %d, flag %s after %s", seed, flagId, previous)
                    .isEqualTo(previous == null || previous.equals("ComplianceFlagCleared")
                            ? "ComplianceFlagRaised" : "ComplianceFlagCleared");
        }

        assertThat(lastFlagEvent).as("seed %d: random BILLING charges leave the FMV range at least once", seed).isNotEmpty();

        Map<String, Long> debits = new HashMap<>();
        Map<String, Long> credits = new HashMap<>();
        Map<String, Long> accounts = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (byte[] payload : jdbc.sql("select payload from domain_event_entry where aggregate_identifier = ?")
                .param(stream).query(byte[].class).list()) {
            JsonNode entry = json.readTree(payload).get("entry");
            if (entry == null) {
                continue;
            }
            for (JsonNode posting : entry.get("postings")) {
                String currency = posting.get("amount").get("currency").asText();
                long amount = posting.get("amount").get("minorUnits").asLong();
                assertThat(amount).isPositive();
                boolean debit = posting.get("side").asText().equals("DEBIT");
                (debit ? debits : credits).merge(currency, amount, Long::sum);
                accounts.merge(posting.get("account").asText(), debit ? amount : -amount, Long::sum);
            }
        }
        assertThat(debits).as("seed %d", seed).isEqualTo(credits).isNotEmpty();
        assertThat(accounts.values().stream().mapToLong(Long::longValue).sum()).isZero();

        // the projection, read over HTTP once caught up, holds exactly the balances the raw events give
        long head = jdbc.sql("select max(global_index) from domain_event_entry").query(Long.class).single();
        JsonNode balances = api.get("/api/v1/agreements/" + agreement.value() + "/balances?asOf=2999-12-31&minPosition=" + head).json();
        Map<String, Long> projected = new HashMap<>();
        for (JsonNode account : balances.get("accounts")) {
            projected.put(account.get("account").asText(), Money.parse(account.get("balance").asText(), "USD").minorUnits());
        }
        Map<String, Long> nonZero = new HashMap<>(accounts);
        nonZero.values().removeIf(v -> v == 0);
        projected.values().removeIf(v -> v == 0);
        assertThat(projected).as("seed %d", seed).isEqualTo(nonZero);
        assertThat(balances.get("trialBalance").asText()).isEqualTo("0.00");

        // the stream is long enough that loading it starts from a snapshot, not from the first event
        Long snapshotAt = jdbc.sql("select max(sequence_number) from snapshot_event_entry where aggregate_identifier = ?")
                .param(stream).query(Long.class).single();
        assertThat(snapshotAt).as("snapshot of a %d-event stream", events).isNotNull().isGreaterThanOrEqualTo(249L);
    }

    private Object randomCommand(SplittableRandom random, AgreementId agreement, String id, List<String> ids) {
        // dates mostly in the agreement's first months (it starts on the first of last month, the one
        // month that has ended and can be closed), sometimes before it starts
        LocalDate date = calendar.day(-1, 1).minusDays(6).plusDays(random.nextInt(160));
        Period period = random.nextInt(10) == 0 ? Period.of(date).next() : Period.of(date);
        String entryId = random.nextInt(50) == 0 && !ids.isEmpty() ? ids.get(random.nextInt(ids.size())) : id;
        return switch (random.nextInt(8)) {
            case 0, 1 -> new ChargeServiceFee(agreement, entryId, SERVICES[random.nextInt(SERVICES.length)], period, date,
                    randomBasis(random), null);
            case 2 -> new AccrueRiskShare(agreement, entryId, period, date, usd(random, 400_000_00L),
                    usd(random, 400_000_00L), null);
            case 3 -> new DistributeProfit(agreement, entryId, period, date, usd(random, 20_000_00L), null);
            case 4 -> new TransferAsset(agreement, entryId, "asset-" + random.nextInt(30), "Front-office equipment",
                    AssetCategory.OFFICE_EQUIPMENT, usd(random, 200_000_00L), date,
                    random.nextBoolean() ? Consideration.CASH : Consideration.PAYABLE);
            case 5 -> new RecordPayment(agreement, entryId, random.nextBoolean() ? PaymentDirection.PRACTICE_TO_MSO
                    : PaymentDirection.MSO_TO_PRACTICE, usd(random, 50_000_00L), date, "REF-" + random.nextInt(1000));
            case 6 -> new ReverseEntry(agreement, entryId, ids.isEmpty() || random.nextInt(8) == 0 ? "nope"
                    : ids.get(random.nextInt(ids.size())), "correction", date, null);
            default -> random.nextInt(4) == 0 ? new ClosePeriod(agreement, period)
                    : new RecordPayment(agreement, entryId, PaymentDirection.PRACTICE_TO_MSO, usd(random, 1_000_00L), date, null);
        };
    }

    private static FeeBasis randomBasis(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> FeeBasis.NONE;
            case 1 -> new FeeBasis(usd(random, 500_000_00L), null, null);
            case 2 -> new FeeBasis(null, (long) random.nextInt(-2, 40), null);
            case 3 -> new FeeBasis(null, null, usd(random, 50_000_00L));
            default -> new FeeBasis(usd(random, 1_000_00L), 3L, null);
        };
    }

    /** Mostly positive amounts, now and then zero or negative, which the ledger must refuse. */
    private static Money usd(SplittableRandom random, long max) {
        long minor = random.nextInt(25) == 0 ? -random.nextLong(1, 1000) : random.nextLong(0, max);
        return Money.ofMinor(minor, "USD");
    }

    private long flags(String stream) {
        return jdbc.sql("""
                        select count(*) from domain_event_entry
                        where aggregate_identifier = ? and payload_type like 'com.msoledger.api.compliance.%'""")
                .param(stream).query(Long.class).single();
    }

    private long count(String stream) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?")
                .param(stream).query(Long.class).single();
    }
}
