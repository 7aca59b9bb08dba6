package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.msoledger.ledger.LedgerApplication;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of tampering with stored rows, done with SQL the way someone with database access would,
 * is detected by {@code POST /api/v1/audit/verify} and named exactly: stream, sequence number, event
 * id, reason, expected and found. Runs on a database of its own (the rows it breaks must not reach
 * the shared context's "verify everything" test), with pages of 3 rows so every stream spans pages.
 */
@org.springframework.context.annotation.Import(com.msoledger.ledger.support.TestClockConfiguration.class)
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.audit.verify-page-size=3", "ledger.audit.progress-every-events=5"})
class TamperEvidenceTest {

    private static final TestDatabases.Database DATABASE = TestDatabases.create();
    /** Agreements some test of this class broke on purpose. */
    private static final Set<String> TAMPERED = ConcurrentHashMap.newKeySet();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.register(registry, () -> DATABASE);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Api api;

    @BeforeEach
    void api() {
        api = new Api(port).header("Authorization", com.msoledger.ledger.support.TestTokens.bearer(
                com.msoledger.ledger.support.TestTokens.everything()));
    }

    @Test
    void untouchedAgreementsVerifyClean() {
        String one = agreementWithPayments(4);
        String other = agreementWithPayments(1);
        JsonNode report = verify(one, other);
        assertThat(report.get("intact").asBoolean()).isTrue();
        assertThat(report.get("checkedEvents").asLong()).isEqualTo(7);
        assertThat(stream(report, one).get("verifiedThroughSequence").asLong()).isEqualTo(4);
        assertThat(stream(report, other).get("headSequence").asLong()).isEqualTo(1);
    }

    @Test
    void oneAlteredByteOfAPayloadIsAHashMismatchAtThatEvent() {
        String agreement = agreementWithPayments(4);
        List<JsonNode> before = events(agreement);
        // "p2" becomes "pX": one byte of the payment id inside the stored JSON
        int changed = jdbc.sql("""
                        update domain_event_entry
                        set payload = overlay(payload placing convert_to('X', 'UTF8')
                                              from position(convert_to('"p2"', 'UTF8') in payload) + 2 for 1)
                        where aggregate_identifier = ? and sequence_number = 2""")
                .param("agreement:" + tampered(agreement)).update();
        assertThat(changed).isOne();

        JsonNode link = brokenLink(verify(agreement), agreement, 2, before);
        assertThat(link.get("reason").asText()).isEqualTo("HASH_MISMATCH");
        assertThat(link.get("found").asText()).isEqualTo(before.get(2).get("hash").asText());
        assertThat(link.get("expected").asText()).matches("[0-9a-f]{64}").isNotEqualTo(link.get("found").asText());
        JsonNode stream = stream(verify(agreement), agreement);
        assertThat(stream.get("verifiedThroughSequence").asLong()).isEqualTo(1);
        assertThat(stream.get("headSequence").asLong()).isEqualTo(4);
        assertThat(stream.get("eventsChecked").asLong()).isEqualTo(5);
    }

    @Test
    void aDeletedRowIsAGapNamedAtTheRowAfterIt() {
        String agreement = agreementWithPayments(4);
        List<JsonNode> before = events(agreement);
        assertThat(jdbc.sql("delete from domain_event_entry where aggregate_identifier = ? and sequence_number = 2")
                .param("agreement:" + tampered(agreement)).update()).isOne();

        JsonNode link = brokenLink(verify(agreement), agreement, 3, before);
        assertThat(link.get("reason").asText()).isEqualTo("MISSING_EVENTS");
        assertThat(link.get("expected").asText()).isEqualTo("2");
        assertThat(link.get("found").asText()).isEqualTo("3");
    }

    @Test
    void twoSwappedRowsBreakTheChainAtTheFirstOfThem() {
        // payloads and metadata swapped between sequence numbers 1 and 3
        String whole = agreementWithPayments(4);
        List<JsonNode> wholeBefore = events(whole);
        assertThat(jdbc.sql("""
                        update domain_event_entry d set payload = o.payload, meta_data = o.meta_data
                        from domain_event_entry o
                        where d.aggregate_identifier = ? and o.aggregate_identifier = d.aggregate_identifier
                          and ((d.sequence_number = 1 and o.sequence_number = 3) or (d.sequence_number = 3 and o.sequence_number = 1))""")
                .param("agreement:" + tampered(whole)).update()).isEqualTo(2);
        JsonNode link = brokenLink(verify(whole), whole, 1, wholeBefore);
        assertThat(link.get("reason").asText()).isEqualTo("PREVIOUS_HASH_MISMATCH");
        assertThat(link.get("expected").asText()).isEqualTo(wholeBefore.get(0).get("hash").asText());
        assertThat(link.get("found").asText()).isEqualTo(wholeBefore.get(2).get("hash").asText());

        // payloads alone swapped: each row's metadata still links, but its content no longer hashes to it
        String payloads = agreementWithPayments(4);
        List<JsonNode> payloadsBefore = events(payloads);
        assertThat(jdbc.sql("""
                        update domain_event_entry d set payload = o.payload
                        from domain_event_entry o
                        where d.aggregate_identifier = ? and o.aggregate_identifier = d.aggregate_identifier
                          and ((d.sequence_number = 1 and o.sequence_number = 3) or (d.sequence_number = 3 and o.sequence_number = 1))""")
                .param("agreement:" + tampered(payloads)).update()).isEqualTo(2);
        link = brokenLink(verify(payloads), payloads, 1, payloadsBefore);
        assertThat(link.get("reason").asText()).isEqualTo("HASH_MISMATCH");
        assertThat(link.get("found").asText()).isEqualTo(payloadsBefore.get(1).get("hash").asText());

        // whole rows renumbered into each other's place: the row now at 1 is the old 3rd, named by its id
        String renumbered = agreementWithPayments(4);
        List<JsonNode> renumberedBefore = events(renumbered);
        String stream = "agreement:" + tampered(renumbered);
        jdbc.sql("update domain_event_entry set sequence_number = -1 where aggregate_identifier = ? and sequence_number = 1")
                .param(stream).update();
        jdbc.sql("update domain_event_entry set sequence_number = 1 where aggregate_identifier = ? and sequence_number = 3")
                .param(stream).update();
        jdbc.sql("update domain_event_entry set sequence_number = 3 where aggregate_identifier = ? and sequence_number = -1")
                .param(stream).update();
        link = stream(verify(renumbered), renumbered).get("firstBrokenLink");
        assertThat(link.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(link.get("eventId").asText()).isEqualTo(renumberedBefore.get(3).get("eventId").asText());
        assertThat(link.get("reason").asText()).isEqualTo("PREVIOUS_HASH_MISMATCH");
        assertThat(link.get("expected").asText()).isEqualTo(renumberedBefore.get(0).get("hash").asText());
        assertThat(link.get("found").asText()).isEqualTo(renumberedBefore.get(2).get("hash").asText());
    }

    @Test
    void aForgedRowIsNamedWhetherItCopiesAnEventOrLinksToTheHead() {
        // a copy of the head under a new id and the next sequence number: its previousHash is the head's
        String copied = agreementWithPayments(2);
        List<JsonNode> copiedBefore = events(copied);
        forge(copied, "forged-" + copied, "meta_data");
        JsonNode link = stream(verify(copied), copied).get("firstBrokenLink");
        assertThat(link.get("sequenceNumber").asLong()).isEqualTo(3);
        assertThat(link.get("eventId").asText()).isEqualTo("forged-" + copied);
        assertThat(link.get("reason").asText()).isEqualTo("PREVIOUS_HASH_MISMATCH");
        assertThat(link.get("expected").asText()).isEqualTo(copiedBefore.get(2).get("hash").asText());
        assertThat(link.get("found").asText()).isEqualTo(copiedBefore.get(1).get("hash").asText());

        // a forger who links to the head but cannot produce the hash of the forged content
        String linked = agreementWithPayments(2);
        String head = events(linked).get(2).get("hash").asText();
        String madeUp = "0".repeat(64);
        forge(linked, "forged-" + linked, """
                convert_to(jsonb_set(jsonb_set(convert_from(meta_data, 'UTF8')::jsonb, '{previousHash}', to_jsonb('%s'::text)),
                                     '{hash}', to_jsonb('%s'::text))::text, 'UTF8')""".formatted(head, madeUp));
        link = stream(verify(linked), linked).get("firstBrokenLink");
        assertThat(link.get("sequenceNumber").asLong()).isEqualTo(3);
        assertThat(link.get("eventId").asText()).isEqualTo("forged-" + linked);
        assertThat(link.get("reason").asText()).isEqualTo("HASH_MISMATCH");
        assertThat(link.get("found").asText()).isEqualTo(madeUp);
    }

    @Test
    void changedTimestampTypeOrMetadataIsAHashMismatch() {
        for (String column : List.of(
                "time_stamp = overlay(time_stamp placing '1999' from 1 for 4)",
                "payload_type = 'com.msoledger.api.entry.PaymentReversed'",
                "event_identifier = event_identifier || '-x'",
                "meta_data = convert_to(replace(convert_from(meta_data, 'UTF8'), '\"actor\":\"test-finance\"', '\"actor\":\"mallory\"'), 'UTF8')")) {
            String agreement = agreementWithPayments(2);
            List<JsonNode> before = events(agreement);
            assertThat(jdbc.sql("update domain_event_entry set " + column + " where aggregate_identifier = ? and sequence_number = 1")
                    .param("agreement:" + tampered(agreement)).update()).isOne();
            JsonNode link = stream(verify(agreement), agreement).get("firstBrokenLink");
            assertThat(link.get("sequenceNumber").asLong()).as(column).isEqualTo(1);
            assertThat(link.get("reason").asText()).as(column).isEqualTo("HASH_MISMATCH");
            assertThat(link.get("found").asText()).as(column).isEqualTo(before.get(1).get("hash").asText());
        }
    }

    @Test
    void unreadableOrUnsealedRowsAreNamed() {
        String truncated = agreementWithPayments(2);
        jdbc.sql("update domain_event_entry set payload = substring(payload from 1 for 20) where aggregate_identifier = ? and sequence_number = 2")
                .param("agreement:" + tampered(truncated)).update();
        JsonNode link = stream(verify(truncated), truncated).get("firstBrokenLink");
        assertThat(link.get("sequenceNumber").asLong()).isEqualTo(2);
        assertThat(link.get("reason").asText()).isEqualTo("UNREADABLE_EVENT");

        String unsealed = agreementWithPayments(2);
        jdbc.sql("""
                        update domain_event_entry set meta_data = convert_to((convert_from(meta_data, 'UTF8')::jsonb - 'hash' - 'previousHash')::text, 'UTF8')
                        where aggregate_identifier = ? and sequence_number = 1""")
                .param("agreement:" + tampered(unsealed)).update();
        link = stream(verify(unsealed), unsealed).get("firstBrokenLink");
        assertThat(link.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(link.get("reason").asText()).isEqualTo("MISSING_HASH");
        assertThat(link.get("found").asText()).isEqualTo("no hash");
    }

    @Test
    void theLedgerRefusesToExtendAChainWhoseHeadCarriesNoHash() {
        String agreement = agreementWithPayments(1);
        jdbc.sql("""
                        update domain_event_entry set meta_data = convert_to((convert_from(meta_data, 'UTF8')::jsonb - 'hash')::text, 'UTF8')
                        where aggregate_identifier = ? and sequence_number = 1""")
                .param("agreement:" + tampered(agreement)).update();
        Api.Response refused = api.post("/api/v1/agreements/" + agreement + "/payments", """
                {"paymentId":"after","direction":"PRACTICE_TO_MSO","amount":"100.00","effectiveDate":"{P-1:20}"}""");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?")
                .param("agreement:" + agreement).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anAgreementWhoseRowsWereAllDeletedIsStillReported() {
        String agreement = agreementWithPayments(1);
        jdbc.sql("delete from domain_event_entry where aggregate_identifier = ?").param("agreement:" + tampered(agreement)).update();
        JsonNode stream = stream(verify(agreement), agreement);
        assertThat(stream.get("intact").asBoolean()).isFalse();
        assertThat(stream.get("eventsChecked").asLong()).isZero();
        JsonNode link = stream.get("firstBrokenLink");
        assertThat(link.get("sequenceNumber").asLong()).isZero();
        assertThat(link.get("reason").asText()).isEqualTo("MISSING_EVENTS");
        assertThat(link.get("found").asText()).isEqualTo("none");
    }

    @Test
    void verifyingEverythingNamesTheBrokenStreamsAndOnlyThose() {
        String untouched = agreementWithPayments(5);
        String broken = agreementWithPayments(5);
        assertThat(jdbc.sql("delete from domain_event_entry where aggregate_identifier = ? and sequence_number = 4")
                .param("agreement:" + tampered(broken)).update()).isOne();

        JsonNode report = require(api.post("/api/v1/audit/verify", ""), 200).json();
        assertThat(report.get("intact").asBoolean()).isFalse();
        assertThat(report.get("completed").asBoolean()).isTrue();
        assertThat(stream(report, untouched).get("intact").asBoolean()).isTrue();
        assertThat(stream(report, untouched).get("eventsChecked").asLong()).isEqualTo(6);
        assertThat(stream(report, broken).get("firstBrokenLink").get("sequenceNumber").asLong()).isEqualTo(5);
        long total = 0;
        long brokenStreams = 0;
        for (JsonNode stream : report.get("streams")) {
            total += stream.get("eventsChecked").asLong();
            if (!stream.get("intact").asBoolean()) {
                brokenStreams++;
                assertThat(TAMPERED).contains(stream.get("agreementId").asText());
            }
        }
        assertThat(report.get("checkedEvents").asLong()).isEqualTo(total);
        assertThat(report.get("brokenStreams").asLong()).isEqualTo(brokenStreams);
        assertThat(report.get("streamsChecked").asLong()).isEqualTo(report.get("streams").size());
    }

    /** Inserts a copy of the head row of an agreement as its next event, with the given metadata expression. */
    private void forge(String agreement, String eventId, String metaData) {
        assertThat(jdbc.sql("""
                        insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                        payload_type, payload_revision, payload, meta_data)
                        select ?, aggregate_identifier, sequence_number + 1, type, time_stamp, payload_type, payload_revision,
                               payload, %s
                        from domain_event_entry where aggregate_identifier = ?
                        order by sequence_number desc limit 1""".formatted(metaData))
                .params(eventId, "agreement:" + tampered(agreement)).update()).isOne();
    }

    private String agreementWithPayments(int payments) {
        String mso = Samples.unique("mso");
        String practice = Samples.unique("practice");
        String agreement = Samples.unique("msa");
        require(api.post("/api/v1/parties", Samples.mso(mso)), 201);
        require(api.post("/api/v1/parties", Samples.practice(practice)), 201);
        require(api.post("/api/v1/agreements", Samples.agreement(agreement, mso, practice)), 201);
        for (int i = 1; i <= payments; i++) {
            require(api.post("/api/v1/agreements/" + agreement + "/payments", """
                    {"paymentId":"p%d","direction":"PRACTICE_TO_MSO","amount":"100.00","effectiveDate":"{P-1:20}"}"""
                    .formatted(i)), 201);
        }
        return agreement;
    }

    private static String tampered(String agreement) {
        TAMPERED.add(agreement);
        return agreement;
    }

    private List<JsonNode> events(String agreement) {
        List<JsonNode> events = new ArrayList<>();
        require(api.get("/api/v1/audit/agreements/" + agreement + "/events?limit=1000"), 200).json().get("events")
                .forEach(events::add);
        return events;
    }

    private JsonNode verify(String... agreements) {
        String ids = String.join("\",\"", agreements);
        return require(api.post("/api/v1/audit/verify", "{\"agreementIds\":[\"" + ids + "\"]}"), 200).json();
    }

    /** The broken link of a stream, checked to name the stream, the row and the row's event id as it was. */
    private static JsonNode brokenLink(JsonNode report, String agreement, long sequence, List<JsonNode> before) {
        assertThat(report.get("intact").asBoolean()).isFalse();
        JsonNode stream = stream(report, agreement);
        assertThat(stream.get("intact").asBoolean()).isFalse();
        JsonNode link = stream.get("firstBrokenLink");
        assertThat(link.get("agreementId").asText()).isEqualTo(agreement);
        assertThat(link.get("streamId").asText()).isEqualTo("agreement:" + agreement);
        assertThat(link.get("sequenceNumber").asLong()).as(link.toString()).isEqualTo(sequence);
        assertThat(link.get("eventId").asText()).isEqualTo(before.get((int) sequence).get("eventId").asText());
        assertThat(link.get("globalPosition").asLong()).isEqualTo(before.get((int) sequence).get("globalPosition").asLong());
        return link;
    }

    private static JsonNode stream(JsonNode report, String agreement) {
        for (JsonNode stream : report.get("streams")) {
            if (("agreement:" + agreement).equals(stream.get("streamId").asText())) {
                return stream;
            }
        }
        throw new AssertionError("no stream of " + agreement + " in " + report);
    }

    private static Api.Response require(Api.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response);
        }
        return response;
    }
}
