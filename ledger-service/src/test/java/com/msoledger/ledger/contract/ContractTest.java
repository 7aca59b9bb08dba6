package com.msoledger.ledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.msoledger.ledger.security.Role;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.TestClock;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract test of the issue: real responses of the running service - every endpoint, success
 * and error cases - are validated against {@code api-spec/openapi.yaml}, and any drift fails. Every
 * response any test here receives goes through {@link #checked}: its operation is found by method and
 * path template, its status must be documented (else {@code default}), its Content-Type must be one
 * the spec lists, its body must validate against the schema (JSON Schema 2020-12: an undocumented
 * field or a missing required one fails) and its required headers must be there and well formed.
 * Beyond responses: every {@code /api/v1} endpoint the service maps must be in the spec and every
 * operation of the spec must be served and exercised here, and each operation's {@code x-roles}
 * must be exactly the roles the service lets through.
 *
 * <p>No test here relies on another having run before it, so each passes alone and in any order:
 * each builds the parties and agreements it reads ({@link #booked()} and friends make new ones
 * every call), and what a test needs from the service's life so far, such as a replay having run,
 * it makes sure of through a helper that does the work only if it is not done yet
 * ({@link #replayed}). That includes the coverage check: {@link #everyOperationOfTheSpecWasExercised}
 * calls every operation itself rather than counting what the other tests happened to call.
 */
class ContractTest extends IntegrationTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\{([^/}]+)}");

    /** How long a replay may take: the suite's store is small, so this only has to outlast a busy machine. */
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(90);
    private static final Set<String> REPLAY_FINISHED = Set.of("DONE", "FAILED");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** What this test found the service doing that the spec does not say. */
    private final List<String> drift = new ArrayList<>();
    /**
     * Operation key to the statuses it answered, in this test only (JUnit makes an instance per test):
     * what one test saw never decides whether another passes.
     */
    private final Map<String, Set<Integer>> exercised = new TreeMap<>();
    private int validated;
    private Api anonymous;

    @BeforeEach
    void clients() {
        anonymous = new Api(port);
    }

    @AfterEach
    void noDrift(TestInfo test) {
        System.out.println("contract: " + validated + " responses of " + test.getDisplayName()
                + " validated against openapi.yaml");
        assertThat(drift).as("responses that contradict api-spec/openapi.yaml").isEmpty();
    }

    // ------------------------------------------------------------------ the checker itself

    @Test
    void theCheckerRejectsAnUndocumentedFieldAMissingRequiredOneAndAWrongType() throws Exception {
        ObjectNode entry = (ObjectNode) JSON.readTree("""
                {"entryId":"fee-1","type":"SERVICE_FEE","agreementId":"msa-1","period":"2026-10","effectiveDate":"2026-10-31",
                 "currency":"USD","amount":"2500.00","postings":[{"account":"practice_receivable","side":"DEBIT","amount":"2500.00"},
                 {"account":"mso_fee_revenue","side":"CREDIT","amount":"2500.00"}],"correctsPeriod":null,
                 "recordedAt":"2026-11-29T12:34:24.839Z","position":7,"reversedBy":null,
                 "details":{"serviceCode":"HR","feeType":"FIXED_MONTHLY","termsVersion":1,
                            "term":{"serviceCode":"HR","feeType":"FIXED_MONTHLY","amount":"2500.00"},"basis":{}}}""");
        String schema = "#/components/schemas/EntryResource";
        assertThat(CONTRACT.validate(schema, entry)).isEmpty();

        ObjectNode extra = entry.deepCopy();
        extra.put("memo", "undocumented");
        assertThat(CONTRACT.validate(schema, extra)).isNotEmpty();
        ObjectNode missing = entry.deepCopy();
        missing.remove("reversedBy");
        assertThat(CONTRACT.validate(schema, missing)).isNotEmpty();
        ObjectNode wrongType = entry.deepCopy();
        wrongType.put("amount", 2500.00);
        assertThat(CONTRACT.validate(schema, wrongType)).isNotEmpty();
        ObjectNode wrongDetails = entry.deepCopy();
        ((ObjectNode) wrongDetails.get("details")).put("owed", "NOTHING");
        assertThat(CONTRACT.validate(schema, wrongDetails)).isNotEmpty();
        ObjectNode badDate = entry.deepCopy();
        badDate.put("recordedAt", "yesterday");
        assertThat(CONTRACT.validate(schema, badDate)).as("formats are asserted").isNotEmpty();

        JsonNode problem = JSON.readTree("""
                {"type":"https://mso-ledger.dev/problems/not-found","title":"Not found","status":404,"detail":"no party x",
                 "instance":"/api/v1/parties/x","correlationId":"c-1"}""");
        assertThat(CONTRACT.validate("#/components/schemas/Problem", problem)).isEmpty();
        ObjectNode leaky = (ObjectNode) problem.deepCopy();
        leaky.put("trace", "java.lang.IllegalStateException");
        assertThat(CONTRACT.validate("#/components/schemas/Problem", leaky)).isNotEmpty();
    }

    @Test
    void everyExampleOfTheSpecValidatesAgainstItsSchema() {
        assertThat(CONTRACT.invalidExamples()).as("examples that contradict their own schema").isEmpty();
    }

    // ------------------------------------------------------------------ endpoints vs operations

    @Test
    void everyEndpointTheServiceMapsIsInTheSpecAndEveryOperationIsServed() {
        List<String> undocumented = new ArrayList<>();
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/v1/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty()) {
                    undocumented.add("any method on " + pattern + " (" + handler + ")");
                }
                for (RequestMethod method : methods) {
                    served.add(method.name() + " " + OpenApiContract.shape(pattern));
                    if (!CONTRACT.hasOperation(method.name(), pattern)) {
                        undocumented.add(method.name() + " " + pattern + " (" + handler + ")");
                    }
                }
            }
        });
        assertThat(undocumented).as("endpoints the service exposes that the spec does not document").isEmpty();
        List<String> unserved = CONTRACT.operations().stream()
                .filter(op -> !served.contains(op.method().toUpperCase() + " " + OpenApiContract.shape(op.path())))
                .map(OpenApiContract.Operation::key)
                .toList();
        assertThat(unserved).as("operations of the spec that no handler serves").isEmpty();
        assertThat(served).hasSize(CONTRACT.operations().size());
    }

    // ------------------------------------------------------------------ parties and agreements

    @Test
    void partiesAnswerAsDocumented() {
        String mso = Samples.unique("mso");
        String key = UUID.randomUUID().toString();
        Api.Response registered = expect(post("/api/v1/parties", Samples.mso(mso), "Idempotency-Key", key), 201, null);
        Api.Response replayed = expect(post("/api/v1/parties", Samples.mso(mso), "Idempotency-Key", key), 201, null);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.raw().body()).isEqualTo(registered.raw().body());
        assertThat(replayed.header("Location")).isEqualTo(registered.header("Location"));

        expect(post("/api/v1/parties", Samples.mso(mso)), 409, "already-exists");
        expect(post("/api/v1/parties", Samples.mso(Samples.unique("mso")).replace("Acme Holdings", "Other"),
                "Idempotency-Key", key), 422, "idempotency-key-reused");
        expect(post("/api/v1/parties", Samples.mso(Samples.unique("mso")), "Idempotency-Key", ""), 400, "idempotency-key-required");
        expect(post("/api/v1/parties", Samples.mso(Samples.unique("mso")), "Idempotency-Key", "has space"), 400,
                "idempotency-key-required");
        expect(post("/api/v1/parties", "[]"), 400, "malformed-body");
        expect(post("/api/v1/parties", Samples.mso(Samples.unique("mso")).replace("\"kind\"", "\"admin\":true,\"kind\"")), 400,
                "malformed-body");
        expect(post("/api/v1/parties", Samples.mso(Samples.unique("mso")).replace("\"100.00\"", "\"100.0\"")), 400, "invalid-input");
        expect(post("/api/v1/parties", Samples.mso(Samples.unique("mso")).replace("\"100.00\"", "\"99.99\"")), 422, "stakes-not-100");
        expect(post("/api/v1/parties", Samples.mso(Samples.unique("mso")).replace("\"DE\"", "\"XX\"")), 422, "unknown-state");
        expect(postAs("text/plain", "/api/v1/parties", Samples.mso(Samples.unique("mso"))), 415, "unsupported-media-type");
        expect(post("/api/v1/parties", "{\"legalName\":\"" + "x".repeat(300_000) + "\"}"), 413, "body-too-large");

        Api.Response read = expect(get("/api/v1/parties/" + mso + "?minPosition=" + registered.position()), 200, null);
        assertThat(read.json().get("partyId").asText()).isEqualTo(mso);
        expect(get("/api/v1/parties/no-such-party"), 404, "not-found");
        expect(get("/api/v1/parties/" + mso + "?minPosition=-1"), 400, "invalid-parameter");
        expect(get("/api/v1/parties/" + mso + "?minPosition=soon"), 400, "invalid-parameter");
        expect(get("/api/v1/parties/" + mso + "?minPosition=" + Long.MAX_VALUE), 503, "projection-lagging");
    }

    @Test
    void agreementsAnswerAsDocumented() {
        String mso = party(true);
        String practice = party(false);
        String agreement = Samples.unique("msa");
        Api.Response established = expect(post("/api/v1/agreements", Samples.agreement(agreement, mso, practice)), 201, null);
        expect(post("/api/v1/agreements", Samples.agreement(agreement, mso, practice)), 409, "already-exists");
        expect(post("/api/v1/agreements", Samples.agreement(Samples.unique("msa"), mso, practice)
                .replace("\"amount\":\"2500.00\"", "\"amount\":2500.00")), 400, "malformed-body");
        expect(post("/api/v1/agreements", Samples.agreement(Samples.unique("msa"), mso, practice)
                .replace("\"2500.00\"", "\"2500.0\"")), 400, "invalid-input");
        expect(post("/api/v1/agreements", Samples.agreement(Samples.unique("msa"), "mso-nobody", practice)), 422, "unknown-party");
        expect(post("/api/v1/agreements", Samples.agreement(Samples.unique("msa"), practice, practice)), 422, "wrong-party-kind");
        // a minimal agreement: JPY, no risk sharing, no distribution schedule, a fixed term
        String minimal = Samples.unique("msa");
        long position = expect(post("/api/v1/agreements", """
                {"agreementId":"%s","msoId":"%s","practiceId":"%s","currency":"JPY","state":"CA","effectiveFrom":"{P-1:01}",
                 "effectiveTo":"2099-09-30","fmvOpinionReference":null,
                 "terms":{"feeSchedule":[{"serviceCode":"HR","feeType":"FIXED_MONTHLY","amount":"250000"}],"riskSharing":null}}"""
                .formatted(minimal, mso, practice)), 201, null).position();

        expect(get("/api/v1/agreements/" + agreement + "?minPosition=" + established.position()), 200, null);
        expect(get("/api/v1/agreements/" + minimal + "?minPosition=" + position), 200, null);
        expect(get("/api/v1/agreements/no-such-agreement"), 404, "not-found");
        expect(get("/api/v1/agreements/" + agreement + "?minPosition=x"), 400, "invalid-parameter");
        Api.Response page = expect(get("/api/v1/agreements?practiceId=" + practice + "&status=ACTIVE&page=0&size=1&minPosition="
                + position), 200, null);
        assertThat(page.json().get("total").asLong()).isEqualTo(2);
        expect(get("/api/v1/agreements?size=500"), 400, "invalid-parameter");
        expect(get("/api/v1/agreements?status=OPEN"), 400, "invalid-parameter");
        expect(get("/api/v1/agreements?page=first"), 400, "invalid-parameter");

        String amendment = """
                {"amendmentId":"amd-1","effectiveFrom":"2099-01-01","fmvOpinionReference":"FMV-2099","terms":%s}"""
                .formatted(Samples.workedExampleTerms());
        String amendments = "/api/v1/agreements/" + agreement + "/amendments";
        expect(post(amendments, amendment), 201, null);
        expect(post(amendments, amendment), 201, null); // a new Idempotency-Key, the same amendmentId: the recorded version
        expect(post(amendments, amendment.replace("FMV-2099", "FMV-2100")), 409, "id-reused");
        // refused by the shipped rules file's terms-set-in-advance (amendment-not-in-future without it)
        expect(post(amendments, amendment.replace("amd-1", "amd-2").replace("2099-01-01", "{P0:01}")), 422, "terms-set-in-advance");
        expect(post(amendments, amendment.replace("2099-01-01", "01/01/2099")), 400, "invalid-input");
        expect(post("/api/v1/agreements/no-such-agreement/amendments", amendment), 404, "not-found");

        String termination = "/api/v1/agreements/" + minimal + "/termination";
        expect(post(termination, "{\"effectiveTo\":\"{P-1:end}\",\"reason\":\"sold\"}"), 422, "termination-in-past");
        expect(post(termination, "{\"effectiveTo\":\"2099-06-30\",\"reason\":\" \"}"), 400, "invalid-input");
        expect(post(termination, "{\"effectiveTo\":\"2099-06-30\",\"reason\":\"practice sold\"}"), 200, null);
        expect(post(termination, "{\"effectiveTo\":\"2099-06-30\",\"reason\":\"practice sold\"}"), 200, null);
        expect(post(termination, "{\"effectiveTo\":\"2099-05-31\",\"reason\":\"practice sold\"}"), 409, "already-terminated");
        expect(post("/api/v1/agreements/no-such-agreement/termination", "{\"effectiveTo\":\"2099-06-30\",\"reason\":\"x\"}"),
                404, "not-found");
        expect(get("/api/v1/agreements?status=TERMINATED&practiceId=" + practice), 200, null);
    }

    // ------------------------------------------------------------------ entries and periods

    @Test
    void entryCommandsAndPeriodClosingAnswerAsDocumented() {
        String agreement = agreement();
        String a = "/api/v1/agreements/" + agreement;
        String billing = fee("fee-billing", "BILLING", ",\"basis\":{\"collections\":\"200000.00\"}");
        expect(post(a + "/fee-charges", billing), 201, null);
        expect(post(a + "/fee-charges", billing), 201, null); // the same chargeId again: the recorded entry
        expect(post(a + "/fee-charges", fee("fee-hr", "HR", "")), 201, null);
        expect(post(a + "/fee-charges", fee("fee-it", "IT", ",\"basis\":{\"units\":12}")), 201, null);
        expect(post(a + "/fee-charges", fee("fee-facility", "FACILITY", ",\"basis\":{\"cost\":\"8000.00\"},\"correctsPeriod\":null")),
                201, null);
        expect(post(a + "/fee-charges", fee("fee-billing", "BILLING", ",\"basis\":{\"collections\":\"1.00\"}")), 409, "id-reused");
        expect(post(a + "/fee-charges", fee("fee-hr-2", "HR", "")), 422, "fixed-fee-already-charged");
        expect(post(a + "/fee-charges", fee("fee-x", "LEGAL", "")), 422, "unknown-service");
        expect(post(a + "/fee-charges", fee("fee-x", "HR", ",\"basis\":{\"units\":3}")), 422, "basis-not-applicable");
        expect(post(a + "/fee-charges", fee("fee-x", "BILLING", ",\"basis\":{\"collections\":\"0.01\"}")), 422, "zero-fee");
        expect(post(a + "/fee-charges", fee("fee-x", "BILLING", ",\"basis\":{\"collections\":\"200000.0\"}")), 400, "invalid-input");
        expect(post(a + "/fee-charges", fee("fee-x", "IT", ",\"basis\":{\"units\":\"12\"}")), 400, "malformed-body");
        expect(post(a + "/fee-charges", fee("fee-x", "IT", ",\"fee\":\"1.00\"")), 400, "malformed-body");
        expect(post("/api/v1/agreements/no-such-agreement/fee-charges", fee("fee-x", "HR", "")), 404, "not-found");

        String gain = """
                {"accrualId":"risk-1","period":"{P-1}","effectiveDate":"{P-1:end}","practiceRevenue":"300000.00","practiceExpenses":"250000.00"}""";
        expect(post(a + "/risk-share-accruals", gain), 201, null);
        expect(post(a + "/risk-share-accruals", gain.replace("risk-1", "risk-2")), 422, "period-already-accrued");
        expect(post(a + "/risk-share-accruals", gain.replace("risk-1", "risk-3").replace("\"250000.00\"", "250000.00")), 400,
                "malformed-body");
        expect(post(a + "/risk-share-accruals", gain.replace("risk-1", "risk-3").replace("\"250000.00\"", "\"-1.00\"")), 422,
                "invalid-amount");

        String distribution = """
                {"distributionId":"dist-1","period":"{P-1}","effectiveDate":"{P-1:end}","amount":"100.01"}""";
        expect(post(a + "/distributions", distribution), 201, null);
        expect(post(a + "/distributions", distribution.replace("dist-1", "dist-2").replace("100.01", "99999999.00")), 422,
                "exceeds-undistributed-profit");
        expect(post(a + "/distributions", distribution.replace("dist-1", "dist-2").replace("{P-1:end}", "2026-10-32")), 400,
                "invalid-input");

        String transfer = """
                {"transferId":"xfer-1","assetId":"asset-xray","description":"Digital X-ray unit","category":"MEDICAL_EQUIPMENT",
                 "fairMarketValue":"45000.00","effectiveDate":"{P-1:15}","consideration":"PAYABLE"}""";
        expect(post(a + "/asset-transfers", transfer), 201, null);
        expect(post(a + "/asset-transfers", transfer.replace("xfer-1", "xfer-2").replace("asset-xray", "asset-desks")
                .replace("MEDICAL_EQUIPMENT", "FURNITURE").replace("PAYABLE", "CASH")), 201, null);
        expect(post(a + "/asset-transfers", transfer.replace("xfer-1", "xfer-3")), 422, "asset-already-transferred");
        expect(post(a + "/asset-transfers", transfer.replace("xfer-1", "xfer-3").replace("MEDICAL_EQUIPMENT", "SPACESHIP")), 400,
                "invalid-input");

        String payment = """
                {"paymentId":"pay-1","direction":"PRACTICE_TO_MSO","amount":"35100.00","effectiveDate":"{P0:05}","reference":"ACH 1"}""";
        expect(post(a + "/payments", payment), 201, null);
        expect(post(a + "/payments", """
                {"paymentId":"pay-2","direction":"MSO_TO_PRACTICE","amount":"45000.00","effectiveDate":"{P0:06}"}"""), 201, null);
        expect(post(a + "/payments", payment.replace("pay-1", "pay-3").replace("35100.00", "0.00")), 422, "invalid-amount");
        expect(post(a + "/payments", payment.replace("pay-1", "fee-hr")), 409, "id-reused");
        expect(post(a + "/payments", payment.replace("pay-1", "pay-3").replace("PRACTICE_TO_MSO", "SIDEWAYS")), 400, "invalid-input");

        String reversal = """
                {"reversalId":"rev-1","entryId":"fee-facility","reason":"cost basis restated","effectiveDate":"{P-1:end}"}""";
        expect(post(a + "/reversals", reversal), 201, null);
        expect(post(a + "/reversals", reversal.replace("rev-1", "rev-2")), 422, "already-reversed");
        expect(post(a + "/reversals", reversal.replace("rev-1", "rev-2").replace("fee-facility", "rev-1")), 422,
                "cannot-reverse-reversal");
        expect(post(a + "/reversals", reversal.replace("rev-1", "rev-2").replace("fee-facility", "no-such-entry")), 422,
                "unknown-entry");
        expect(post(a + "/reversals", reversal.replace("rev-1", "rev-2").replace("cost basis restated", "")), 400, "invalid-input");

        expect(post(a + "/periods/{P+1}/close", ""), 422, "periods-close-in-order");
        expect(post(a + "/periods/{P-2}/close", ""), 422, "before-agreement-start");
        expect(post(a + "/periods/2026-13/close", ""), 400, "invalid-input");
        expect(post(a + "/periods/{P-1}/close", "", "Idempotency-Key", ""), 400, "idempotency-key-required");
        expect(post(a + "/periods/{P-1}/close", ""), 200, null);
        expect(post(a + "/periods/{P-1}/close", ""), 200, null);
        expect(post(a + "/periods/{P0}/close", ""), 422, "period-not-ended");
        expect(post("/api/v1/agreements/no-such-agreement/periods/{P-1}/close", ""), 404, "not-found");
        expect(post(a + "/fee-charges", fee("fee-late", "HR", "")), 422, "period-closed");
        expect(post(a + "/fee-charges", """
                {"chargeId":"fee-late","serviceCode":"FACILITY","period":"{P-1}","effectiveDate":"{P0:28}","basis":{"cost":"7500.00"}}"""),
                422, "late-entry-needs-correction-reference");
        expect(post(a + "/fee-charges", """
                {"chargeId":"fee-late","serviceCode":"FACILITY","period":"{P-1}","effectiveDate":"{P0:28}","basis":{"cost":"7500.00"},
                 "correctsPeriod":"{P-1}"}"""), 201, null);
        expect(post(a + "/reversals", """
                {"reversalId":"rev-it","entryId":"fee-it","reason":"provider count was 11","effectiveDate":"{P0:28}",
                 "correctsPeriod":"{P-1}"}"""), 201, null);

        // a loss and a zero accrual, on an agreement of their own
        String other = "/api/v1/agreements/" + agreement();
        expect(post(other + "/risk-share-accruals", """
                {"accrualId":"risk-loss","period":"{P-1}","effectiveDate":"{P-1:end}","practiceRevenue":"200000.00","practiceExpenses":"350000.00"}"""),
                201, null);
        expect(post(other + "/risk-share-accruals", """
                {"accrualId":"risk-zero","period":"{P0}","effectiveDate":"{P0:28}","practiceRevenue":"250000.00","practiceExpenses":"250000.00"}"""),
                201, null);
    }

    // ------------------------------------------------------------------ the query API

    @Test
    void batchesAnswerAsDocumented() {
        String agreement = agreement();
        String other = agreement();
        String payment = """
                {"paymentId":"%s","direction":"PRACTICE_TO_MSO","amount":"10.00","effectiveDate":"{P-1:end}"}""";

        // PER_ITEM: one item recorded, one refused by a rule; the answer is 200 either way
        Api.Response perItem = expect(post("/api/v1/batches", batch("PER_ITEM",
                batchItem(agreement, "fee-charges", fee("fee-hr", "HR", "")),
                batchItem(agreement, "fee-charges", fee("fee-hr-2", "HR", "")))), 200, null);
        assertThat(perItem.json().get("recorded").asInt()).isEqualTo(1);
        assertThat(perItem.json().get("refused").asInt()).isEqualTo(1);
        assertThat(itemStatuses(perItem.json())).containsExactly(201, 422);
        assertThat(perItem.header("Ledger-Position")).isNotNull();
        // PER_ITEM with every item refused (a malformed body, an unknown type, an unknown agreement): no Ledger-Position
        Api.Response noneRecorded = expect(post("/api/v1/batches", batch("PER_ITEM",
                batchItem(agreement, "payments", payment.formatted("pay-x").replace("\"10.00\"", "10.00")),
                batchItem(agreement, "bonuses", "{}"),
                batchItem("no-such-agreement", "payments", payment.formatted("pay-y")))), 200, null);
        assertThat(itemStatuses(noneRecorded.json())).containsExactly(400, 400, 404);
        assertThat(noneRecorded.header("Ledger-Position")).isNull();

        // ALL_OR_NOTHING: recorded across agreements, and the same key again replays the answer
        String key = UUID.randomUUID().toString();
        String allOrNothing = batch("ALL_OR_NOTHING",
                batchItem(agreement, "payments", payment.formatted("pay-1")),
                batchItem(other, "risk-share-accruals", """
                        {"accrualId":"risk-1","period":"{P-1}","effectiveDate":"{P-1:end}","practiceRevenue":"300000.00",
                         "practiceExpenses":"250000.00"}"""));
        Api.Response recorded = expect(post("/api/v1/batches", allOrNothing, "Idempotency-Key", key), 200, null);
        assertThat(recorded.json().get("recorded").asInt()).isEqualTo(2);
        Api.Response replayed = expect(post("/api/v1/batches", allOrNothing, "Idempotency-Key", key), 200, null);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        expect(post("/api/v1/batches", allOrNothing.replace("pay-1", "pay-2"), "Idempotency-Key", key), 422,
                "idempotency-key-reused");

        // ALL_OR_NOTHING refused mid-way: the refused item's status, nothing recorded
        Api.Response refused = expect(post("/api/v1/batches", batch("ALL_OR_NOTHING",
                batchItem(agreement, "payments", payment.formatted("pay-3")),
                batchItem(agreement, "fee-charges", fee("fee-hr-3", "HR", "")),
                batchItem(other, "payments", payment.formatted("pay-4")))), 422, "batch-refused");
        assertThat(refused.json().get("failedIndex").asInt()).isEqualTo(1);
        assertThat(itemStatuses(refused.json())).containsExactly(424, 422, 424);
        expect(post("/api/v1/batches", batch("ALL_OR_NOTHING",
                batchItem(agreement, "payments", payment.formatted("pay-3")),
                batchItem(agreement, "payments", payment.formatted("pay-1").replace("10.00", "11.00")))), 409, "batch-refused");
        expect(post("/api/v1/batches", batch("ALL_OR_NOTHING",
                batchItem(agreement, "payments", payment.formatted("pay-3")),
                batchItem("no-such-agreement", "payments", payment.formatted("pay-4")))), 404, "batch-refused");
        Api.Response unparseable = expect(post("/api/v1/batches", batch("ALL_OR_NOTHING",
                batchItem(agreement, "payments", payment.formatted("pay-3")),
                batchItem(agreement, "payments", payment.formatted("pay-4").replace("PRACTICE_TO_MSO", "SIDEWAYS")))), 400,
                "batch-refused");
        assertThat(unparseable.json().get("items").get(1).get("problem").get("field").asText()).isEqualTo("direction");

        // a malformed batch: refused as a whole before any item is looked at
        expect(post("/api/v1/batches", """
                {"batchId":"b-1","mode":"SOMETIMES","items":[]}"""), 400, "invalid-input");
        expect(post("/api/v1/batches", """
                {"batchId":"b-1","mode":"PER_ITEM","items":[],"priority":"high"}"""), 400, "malformed-body");
        expect(post("/api/v1/batches", "[]"), 400, "malformed-body");
        expect(post("/api/v1/batches", batch("PER_ITEM", batchItem(agreement, "payments", payment.formatted("pay-5"))),
                "Idempotency-Key", ""), 400, "idempotency-key-required");
        expect(postAs("text/plain", "/api/v1/batches", batch("PER_ITEM", batchItem(agreement, "payments", payment.formatted("pay-5")))),
                415, "unsupported-media-type");
        expect(post("/api/v1/batches", "{\"batchId\":\"" + "x".repeat(8_400_000) + "\"}"), 413, "body-too-large");
    }

    /** The status of every item of a batch's answer (a result or a batch-refused problem), in order. */
    private static List<Integer> itemStatuses(JsonNode answer) {
        List<Integer> statuses = new ArrayList<>();
        answer.get("items").forEach(item -> statuses.add(item.get("status").asInt()));
        return statuses;
    }

    private static String batch(String mode, String... items) {
        return """
                {"batchId":"b-%s","mode":"%s","items":[%s]}""".formatted(UUID.randomUUID().toString().substring(0, 8), mode,
                String.join(",", items));
    }

    private static String batchItem(String agreement, String type, String body) {
        return """
                {"agreementId":"%s","type":"%s","body":%s}""".formatted(agreement, type, body);
    }

    @Test
    void queriesAnswerAsDocumented() {
        Booked booked = booked();
        String a = "/api/v1/agreements/" + booked.agreement();
        String fresh = "minPosition=" + booked.position();

        Api.Response october = expect(get(a + "/statement?period={P-1}&" + fresh), 200, null);
        assertThat(october.json().get("tiesOut").asBoolean()).isTrue();
        assertThat(october.json().get("fees")).hasSize(3);
        Api.Response november = expect(get(a + "/statement?period={P0}"), 200, null);
        assertThat(november.json().get("reversals")).hasSize(1);
        assertThat(november.json().get("payments")).hasSize(2);
        expect(get(a + "/statement?period={P0}&asOf={P0:15}"), 200, null);
        expect(get(a + "/statement?period={P-1}&knownAt=" + booked.before()), 200, null);
        expect(get(a + "/statement?period={P-1}&knownAt=2020-01-01T00:00:00Z"), 404, "not-found");
        expect(get(a + "/statement"), 400, "invalid-parameter");
        expect(get(a + "/statement?period=2026-13"), 400, "invalid-parameter");
        expect(get(a + "/statement?period={P-1}&asOf=31.10.2026"), 400, "invalid-parameter");
        expect(get(a + "/statement?period={P-1}&knownAt=yesterday"), 400, "invalid-parameter");
        expect(get("/api/v1/agreements/no-such-agreement/statement?period={P-1}"), 404, "not-found");

        Api.Response balances = expect(get(a + "/balances?" + fresh), 200, null);
        assertThat(balances.json().get("trialBalance").asText()).isEqualTo("0.00");
        expect(get(a + "/balances?asOf={P-1:20}&knownAt=" + TestClock.INSTANCE.instant()), 200, null);
        expect(get(a + "/balances?knownAt=2020-01-01T00:00:00Z"), 404, "not-found");
        expect(get(a + "/balances?asOf=2026-1-1"), 400, "invalid-parameter");
        expect(get(a + "/balances?minPosition=-5"), 400, "invalid-parameter");
        expect(get("/api/v1/agreements/no-such-agreement/balances"), 404, "not-found");

        Api.Response journal = expect(get(a + "/entries?" + fresh), 200, null);
        assertThat(journal.json().get("total").asLong()).isEqualTo(9);
        expect(get(a + "/entries?type=SERVICE_FEE&from={P-1:01}&to={P-1:end}&page=1&size=2"), 200, null);
        expect(get(a + "/entries?type=REFUND"), 400, "invalid-parameter");
        expect(get(a + "/entries?size=0"), 400, "invalid-parameter");
        expect(get(a + "/entries?page=-1"), 400, "invalid-parameter");
        expect(get(a + "/entries?from=tomorrow"), 400, "invalid-parameter");
        expect(get("/api/v1/agreements/no-such-agreement/entries"), 404, "not-found");

        Api.Response entry = expect(get(a + "/entries/fee-it?" + fresh), 200, null);
        assertThat(entry.json().get("reversedBy").asText()).isEqualTo("rev-it");
        expect(get(a + "/entries/rev-it"), 200, null);
        expect(get(a + "/entries/no-such-entry"), 404, "not-found");
        expect(get("/api/v1/agreements/no-such-agreement/entries/fee-it"), 404, "not-found");
        expect(get(a + "/entries/fee-it?minPosition=later"), 400, "invalid-parameter");

        expect(get(a + "/aging?asOf={P+2:15}&" + fresh), 200, null);
        expect(get(a + "/aging?knownAt=" + booked.before()), 200, null);
        expect(get(a + "/aging?knownAt=2020-01-01T00:00:00Z"), 404, "not-found");
        expect(get(a + "/aging?asOf=never"), 400, "invalid-parameter");
        expect(get("/api/v1/agreements/no-such-agreement/aging"), 404, "not-found");

        expect(get("/api/v1/reconciliation?period={P-1}&" + fresh), 200, null);
        expect(get("/api/v1/reconciliation?period={P-1}&page=1&size=1"), 200, null);
        expect(get("/api/v1/reconciliation"), 400, "invalid-parameter");
        expect(get("/api/v1/reconciliation?period=October"), 400, "invalid-parameter");
        expect(get("/api/v1/reconciliation?period={P-1}&size=201"), 400, "invalid-parameter");
        expect(get("/api/v1/reconciliation?period={P-1}&minPosition=" + Long.MAX_VALUE), 503, "projection-lagging");
    }

    @Test
    void projectionAdministrationAnswersAsDocumented() {
        Api.Response all = expect(get("/api/v1/admin/projections"), 200, null);
        assertThat(all.json().get("projections").findValuesAsText("name")).contains("agreements", "journal", "parties");
        expect(get("/api/v1/admin/projections/journal"), 200, null);
        expect(get("/api/v1/admin/projections/no-such-projection"), 404, "not-found");

        Api.Response started = post("/api/v1/admin/projections/parties/replay", "");
        assertThat(started.status()).as("starting a replay: %s", started).isIn(200, 202);
        Api.Response done = replayed("parties");
        assertThat(done.json().get("finishedAt").isNull()).isFalse();
        expect(post("/api/v1/admin/projections/no-such-projection/replay", ""), 404, "not-found");
        expect(get("/api/v1/admin/projections/no-such-projection/replay"), 404, "not-found");
        expect(get("/api/v1/admin/projections/journal/checksum"), 200, null);
        expect(get("/api/v1/admin/projections/no-such-projection/checksum"), 404, "not-found");
    }

    @Test
    void theAuditTrailAnswersAsDocumented() {
        Booked booked = booked();
        String agreement = booked.agreement();
        Api.Response report = expect(post("/api/v1/audit/verify",
                "{\"agreementIds\":[\"" + agreement + "\"],\"partyIds\":[\"" + booked.practice() + "\"]}"), 200, null);
        assertThat(report.json().get("intact").asBoolean()).isTrue();
        assertThat(report.json().get("completed").asBoolean()).isTrue();
        expect(post("/api/v1/audit/verify", ""), 200, null);
        expect(post("/api/v1/audit/verify", "{\"agreementIds\":[]}"), 400, "invalid-input");
        expect(post("/api/v1/audit/verify", "{\"partyIds\":[\"bad id\"]}"), 400, "invalid-input");
        expect(post("/api/v1/audit/verify", "[]"), 400, "malformed-body");
        expect(post("/api/v1/audit/verify", "{\"agreementIds\":[\"no-such-agreement\"]}"), 404, "not-found");

        expect(get("/api/v1/audit/agreements/" + agreement + "/head"), 200, null);
        expect(get("/api/v1/audit/parties/" + booked.practice() + "/head"), 200, null);
        expect(get("/api/v1/audit/agreements/no-such-agreement/head"), 404, "not-found");
        expect(get("/api/v1/audit/parties/no-such-party/head"), 404, "not-found");

        Api.Response page = expect(get("/api/v1/audit/agreements/" + agreement + "/events?fromSequence=1&limit=3"), 200, null);
        assertThat(page.json().get("nextFromSequence").asLong()).isEqualTo(4);
        expect(get("/api/v1/audit/agreements/" + agreement + "/events?fromSequence=1000"), 200, null);
        expect(get("/api/v1/audit/parties/" + booked.practice() + "/events"), 200, null);
        expect(get("/api/v1/audit/agreements/" + agreement + "/events?limit=0"), 400, "invalid-input");
        expect(get("/api/v1/audit/agreements/" + agreement + "/events?fromSequence=-1"), 400, "invalid-input");
        expect(get("/api/v1/audit/parties/" + booked.practice() + "/events?limit=many"), 400, "invalid-parameter");
        expect(get("/api/v1/audit/agreements/no-such-agreement/events"), 404, "not-found");
        expect(get("/api/v1/audit/parties/no-such-party/events"), 404, "not-found");
    }

    @Test
    void complianceRefusalsAndFlagsAnswerAsDocumented() {
        String mso = party(true);
        String practice = party(false);
        String percentage = """
                {"agreementId":"%s","msoId":"%s","practiceId":"%s","currency":"USD","state":"%s","effectiveFrom":"{P-1:01}",
                 "terms":{"feeSchedule":[{"serviceCode":"BILLING","feeType":"PERCENT_OF_COLLECTIONS","rate":"6.00"}],
                          "fmvRanges":[{"serviceCode":"BILLING","annualMin":"100000.00","annualMax":"200000.00"}]}}""";
        expect(post("/api/v1/agreements", percentage.formatted(Samples.unique("msa"), mso, practice, "NY")), 422, "ny-percentage-fee");
        // California without an FMV opinion on file: recorded, and flagged
        String agreement = Samples.unique("msa");
        Api.Response flagged = expect(post("/api/v1/agreements", percentage.formatted(agreement, mso, practice, "CA")), 201, null);
        assertThat(flagged.json().get("openFlags")).isNotEmpty();
        String a = "/api/v1/agreements/" + agreement;
        expect(post(a + "/fee-charges", fee("bill-1", "BILLING", ",\"basis\":{\"collections\":\"200000.00\"}")), 201, null);
        expect(post(a + "/fee-charges", fee("bill-2", "BILLING", ",\"basis\":{\"collections\":\"200000.00\"}")), 201, null);
        long cleared = expect(post(a + "/reversals", """
                {"reversalId":"rev-bill-2","entryId":"bill-2","reason":"charged twice","effectiveDate":"{P-1:end}"}"""), 201, null)
                .position();

        Api.Response all = expect(get("/api/v1/compliance/flags?agreementId=" + agreement + "&minPosition=" + cleared), 200, null);
        assertThat(all.json().get("items").findValuesAsText("status")).contains("OPEN", "CLEARED");
        expect(get("/api/v1/compliance/flags?state=CA&status=CLEARED&page=0&size=5"), 200, null);
        expect(get("/api/v1/compliance/flags?status=OPEN"), 200, null);
        expect(get(a + "?minPosition=" + cleared), 200, null);
        expect(get(a + "/statement?period={P-1}&minPosition=" + cleared), 200, null);
        expect(get("/api/v1/compliance/flags?state=XX"), 400, "invalid-parameter");
        expect(get("/api/v1/compliance/flags?status=MAYBE"), 400, "invalid-parameter");
        expect(get("/api/v1/compliance/flags?agreementId=not%20an%20id"), 400, "invalid-parameter");
        expect(get("/api/v1/compliance/flags?size=0"), 400, "invalid-parameter");
        expect(get("/api/v1/compliance/flags?minPosition=-1"), 400, "invalid-parameter");
    }

    // ------------------------------------------------------------------ tokens, roles and practice readers

    @Test
    void everyOperationLetsThroughExactlyItsDocumentedRolesAndRefusesBadTokens() throws Exception {
        Booked booked = booked();
        String foreignPractice = party(false);
        // every projection has the booked agreement before the matrix reads it
        expect(get("/api/v1/parties/" + booked.practice() + "?minPosition=" + booked.position()), 200, null);
        expect(get("/api/v1/agreements/" + booked.agreement() + "/balances?minPosition=" + booked.position()), 200, null);
        replayed("parties"); // so that reading its replay answers 200
        Map<String, String> values = Map.of("agreementId", booked.agreement(), "partyId", booked.practice(),
                "entryId", "fee-it", "name", "parties", "period", "2026-13");
        // allowed callers of a POST send a request refused before it changes anything
        Map<String, String> harmless = Map.of("agreementId", booked.agreement(), "partyId", booked.practice(),
                "name", "no-such-projection", "period", "2026-13");
        Map<Role, Api> byRole = new TreeMap<>();
        for (Role role : Role.values()) {
            List<String> practices = role == Role.PRACTICE ? List.of(booked.practice()) : List.of();
            byRole.put(role, new Api(port).header("Authorization",
                    TestTokens.bearer(TestTokens.token("contract-" + role.name().toLowerCase(), List.of(role), practices))));
        }
        Api outsider = new Api(port).header("Authorization", TestTokens.bearer(
                TestTokens.token("contract-outsider", List.of(Role.PRACTICE), List.of(foreignPractice))));
        Instant now = TestClock.INSTANCE.instant();
        Api expired = new Api(port).header("Authorization", TestTokens.bearer(
                signed(TestTokens.SECRET, "mso-ledger", now.minus(2, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS))));
        Api foreignAudience = new Api(port).header("Authorization", TestTokens.bearer(
                signed(TestTokens.SECRET, "someone-else", now, now.plus(1, ChronoUnit.HOURS))));
        Api wrongKey = new Api(port).header("Authorization", TestTokens.bearer(
                signed("another-secret-that-is-long-enough-0123456789", "mso-ledger", now,
                        now.plus(1, ChronoUnit.HOURS))));
        Api malformed = new Api(port).header("Authorization", "Bearer not.a.token");

        List<String> wrongRoles = new ArrayList<>();
        for (OpenApiContract.Operation op : CONTRACT.operations()) {
            boolean post = op.method().equals("post");
            String path = concrete(op.path(), post ? harmless : values)
                    + (op.path().endsWith("/statement") || op.path().endsWith("/reconciliation") ? "?period={P-1}" : "");
            String body = "[]"; // no command's body: a 400 for every POST that reads one
            int allowedStatus = !post ? 200 : op.path().contains("{name}") ? 404 : 400;
            for (Api client : List.of(anonymous, expired, foreignAudience, wrongKey, malformed)) {
                expect(send(client, op.method(), path, body), 401, "unauthenticated");
            }
            assertThat(op.roles()).as("x-roles of " + op.key()).isNotEmpty();
            for (Map.Entry<Role, Api> role : byRole.entrySet()) {
                Api.Response response = send(role.getValue(), op.method(), path, body);
                boolean documented = op.roles().contains(role.getKey().name());
                boolean allowed = response.status() != 401 && response.status() != 403;
                if (documented != allowed) {
                    wrongRoles.add(op.key() + " " + role.getKey() + ": x-roles says " + (documented ? "allowed" : "refused")
                            + " but the service answered " + response);
                } else if (!documented) {
                    expect(response, 403, "forbidden");
                } else {
                    expect(response, allowedStatus, null);
                }
            }
            if (op.path().startsWith("/api/v1/agreements/{agreementId}") || op.path().startsWith("/api/v1/parties/{partyId}")) {
                // a practice reader outside its practices: as if the agreement or party did not exist
                expect(send(outsider, op.method(), path, body), 404, "not-found");
            }
        }
        assertThat(wrongRoles).as("operations whose x-roles differ from the roles the service lets through").isEmpty();

        // listings are narrowed to the reader's practices
        Api.Response listed = expect(checked("GET", "/api/v1/agreements",
                byRole.get(Role.PRACTICE).get("/api/v1/agreements?size=200")), 200, null);
        assertThat(listed.json().get("items").findValuesAsText("practiceId")).containsOnly(booked.practice());
        Api.Response reconciled = expect(checked("GET", "/api/v1/reconciliation",
                outsider.get("/api/v1/reconciliation?period={P-1}")), 200, null);
        assertThat(reconciled.json().get("total").asLong()).isZero();
    }

    // ------------------------------------------------------------------ every operation exercised

    /**
     * No operation of the spec goes unchecked: this test calls every one itself, on fixtures of its own,
     * and each must answer with a success status it documents (validated like every response here; the
     * role matrix sends commands only requests they refuse). Counting what the other tests called would
     * make this verdict depend on which of them ran first. An operation added to the spec fails here
     * until a request for it is added below; the error answers are the other tests' business.
     */
    @Test
    void everyOperationOfTheSpecWasExercised() {
        Booked booked = booked(); // both parties, the agreement, every entry command and a period closing
        String agreement = booked.agreement();
        String a = "/api/v1/agreements/" + agreement;
        String fresh = "minPosition=" + booked.position();

        expect(get("/api/v1/parties/" + booked.practice() + "?" + fresh), 200, null);
        expect(get(a + "?" + fresh), 200, null);
        expect(get("/api/v1/agreements?practiceId=" + booked.practice() + "&" + fresh), 200, null);
        expect(get(a + "/statement?period={P-1}&" + fresh), 200, null);
        expect(get(a + "/balances?" + fresh), 200, null);
        expect(get(a + "/entries?" + fresh), 200, null);
        expect(get(a + "/entries/fee-it?" + fresh), 200, null);
        expect(get(a + "/aging?" + fresh), 200, null);
        expect(get("/api/v1/reconciliation?period={P-1}&" + fresh), 200, null);
        expect(get("/api/v1/compliance/flags?agreementId=" + agreement + "&" + fresh), 200, null);

        expect(post("/api/v1/batches", batch("PER_ITEM", batchItem(agreement, "payments", """
                {"paymentId":"pay-batch","direction":"PRACTICE_TO_MSO","amount":"10.00","effectiveDate":"{P0:01}"}"""))),
                200, null);
        expect(post(a + "/amendments", """
                {"amendmentId":"amd-1","effectiveFrom":"2099-01-01","fmvOpinionReference":"FMV-2099","terms":%s}"""
                .formatted(Samples.workedExampleTerms())), 201, null);
        expect(post(a + "/termination", "{\"effectiveTo\":\"2099-06-30\",\"reason\":\"practice sold\"}"), 200, null);

        expect(post("/api/v1/audit/verify",
                "{\"agreementIds\":[\"" + agreement + "\"],\"partyIds\":[\"" + booked.practice() + "\"]}"), 200, null);
        expect(get("/api/v1/audit/agreements/" + agreement + "/head"), 200, null);
        expect(get("/api/v1/audit/parties/" + booked.practice() + "/head"), 200, null);
        expect(get("/api/v1/audit/agreements/" + agreement + "/events"), 200, null);
        expect(get("/api/v1/audit/parties/" + booked.practice() + "/events"), 200, null);

        expect(get("/api/v1/admin/projections"), 200, null);
        expect(get("/api/v1/admin/projections/parties"), 200, null);
        expect(get("/api/v1/admin/projections/parties/checksum"), 200, null);
        Api.Response started = post("/api/v1/admin/projections/parties/replay", "");
        assertThat(started.status()).as("starting a replay: %s", started).isIn(200, 202);
        replayed("parties"); // and its progress, until done: no replay outlives the test that started it

        List<String> untested = CONTRACT.operations().stream()
                .map(OpenApiContract.Operation::key)
                .filter(key -> !exercised.containsKey(key))
                .toList();
        StringBuilder report = new StringBuilder("contract: " + validated + " responses validated against openapi.yaml");
        CONTRACT.operationIds().forEach((key, id) -> report.append(System.lineSeparator())
                .append("  ").append(id).append(" ").append(key).append(" -> ").append(exercised.getOrDefault(key, Set.of())));
        System.out.println(report);
        assertThat(untested).as("operations of the spec no test here exercised").isEmpty();
        List<String> neverSucceeded = CONTRACT.operations().stream()
                .filter(op -> exercised.get(op.key()).stream().noneMatch(status -> status / 100 == 2
                        && op.node().path("responses").has(Integer.toString(status))))
                .map(OpenApiContract.Operation::key)
                .toList();
        assertThat(neverSucceeded).as("operations of the spec that answered none of their documented success statuses")
                .isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * An agreement with the worked example's previous month booked and closed, the current month paid,
     * one fee reversed in the closed period. What happens in the current month is dated its first day:
     * statements read as of today by default, and only the 1st has come on every day the suite may run.
     */
    private record Booked(String agreement, String practice, long position, Instant before) {
    }

    private Booked booked() {
        String mso = party(true);
        String practice = party(false);
        String agreement = Samples.unique("msa");
        expect(post("/api/v1/agreements", Samples.agreement(agreement, mso, practice)), 201, null);
        String a = "/api/v1/agreements/" + agreement;
        expect(post(a + "/fee-charges", fee("fee-billing", "BILLING", ",\"basis\":{\"collections\":\"200000.00\"}")), 201, null);
        expect(post(a + "/fee-charges", fee("fee-hr", "HR", "")), 201, null);
        expect(post(a + "/fee-charges", fee("fee-it", "IT", ",\"basis\":{\"units\":12}")), 201, null);
        expect(post(a + "/risk-share-accruals", """
                {"accrualId":"risk-1","period":"{P-1}","effectiveDate":"{P-1:end}","practiceRevenue":"300000.00","practiceExpenses":"250000.00"}"""),
                201, null);
        expect(post(a + "/distributions", """
                {"distributionId":"dist-1","period":"{P-1}","effectiveDate":"{P-1:end}","amount":"100.01"}"""), 201, null);
        expect(post(a + "/asset-transfers", """
                {"transferId":"xfer-1","assetId":"asset-xray","description":"Digital X-ray unit","category":"MEDICAL_EQUIPMENT",
                 "fairMarketValue":"45000.00","effectiveDate":"{P-1:15}","consideration":"PAYABLE"}"""), 201, null);
        expect(post(a + "/payments", """
                {"paymentId":"pay-1","direction":"PRACTICE_TO_MSO","amount":"20000.00","effectiveDate":"{P0:01}","reference":"ACH 1"}"""),
                201, null);
        expect(post(a + "/periods/{P-1}/close", ""), 200, null);
        Instant before = TestClock.INSTANCE.tick();
        expect(post(a + "/reversals", """
                {"reversalId":"rev-it","entryId":"fee-it","reason":"provider count was 11","effectiveDate":"{P0:01}",
                 "correctsPeriod":"{P-1}"}"""), 201, null);
        Api.Response last = expect(post(a + "/payments", """
                {"paymentId":"pay-2","direction":"MSO_TO_PRACTICE","amount":"45000.00","effectiveDate":"{P0:01}"}"""), 201, null);
        return new Booked(agreement, practice, last.position(), before);
    }

    /**
     * Makes sure a replay of the projection ran to its end since the service started, starting one only
     * if none did, so that any test can call it whatever ran before; its final progress. Every poll is
     * a response like any other: {@link #checked} validates it.
     */
    private Api.Response replayed(String projection) {
        String path = "/api/v1/admin/projections/" + projection + "/replay";
        Api.Response first = get(path);
        if (first.status() == 404) {
            Api.Response started = post(path, "");
            assertThat(started.status()).as("starting a replay: %s", started).isIn(200, 202);
        }
        // polled on the test's own thread: checked() records into this test's unsynchronised collections
        Api.Response progress = await("replay of " + projection).atMost(REPLAY_TIMEOUT)
                .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> get(path), p -> p.json() != null && REPLAY_FINISHED.contains(p.json().path("state").asText()));
        expect(progress, 200, null);
        assertThat(progress.json().get("state").asText()).as("replay of %s: %s", projection, progress).isEqualTo("DONE");
        return progress;
    }

    /** Registers an MSO or a practice and returns its id. */
    private String party(boolean mso) {
        String id = Samples.unique(mso ? "mso" : "practice");
        expect(post("/api/v1/parties", mso ? Samples.mso(id) : Samples.practice(id)), 201, null);
        return id;
    }

    /** Establishes a worked-example agreement between new parties and returns its id. */
    private String agreement() {
        String agreement = Samples.unique("msa");
        expect(post("/api/v1/agreements", Samples.agreement(agreement, party(true), party(false))), 201, null);
        return agreement;
    }

    private static String fee(String chargeId, String service, String rest) {
        return """
                {"chargeId":"%s","serviceCode":"%s","period":"{P-1}","effectiveDate":"{P-1:end}"%s}""".formatted(chargeId, service, rest);
    }

    private Api.Response post(String path, String body, String... headers) {
        return checked("POST", path, api.post(path, body, headers));
    }

    private Api.Response get(String path, String... headers) {
        return checked("GET", path, api.get(path, headers));
    }

    private Api.Response postAs(String contentType, String path, String body) {
        return checked("POST", path, api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)), "Content-Type", contentType,
                "Idempotency-Key", UUID.randomUUID().toString()));
    }

    private Api.Response send(Api client, String method, String path, String body) {
        Api.Response response = method.equals("post") ? client.post(path, body) : client.get(path);
        return checked(method.toUpperCase(), path, response);
    }

    /** Validates the response against the operation the spec has for the request; drift fails the test. */
    private Api.Response checked(String method, String pathAndQuery, Api.Response response) {
        String path = pathAndQuery.split("\\?", 2)[0];
        var operation = CONTRACT.find(method, path);
        if (operation.isEmpty()) {
            drift.add(method + " " + path + ": no operation of the spec has this path (answered " + response + ")");
            return response;
        }
        exercised.computeIfAbsent(operation.get().key(), k -> new TreeSet<>()).add(response.status());
        validated++;
        for (String problem : CONTRACT.check(operation.get(), response.raw())) {
            drift.add(method + " " + pathAndQuery + " -> " + response.status() + ": " + problem);
        }
        return response;
    }

    /** The status the test means to provoke (a precondition, not the contract) and, for problems, their type. */
    private static Api.Response expect(Api.Response response, int status, String problemType) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        if (problemType != null) {
            assertThat(response.json().path("type").asText()).as("problem type of %s", response)
                    .isEqualTo("https://mso-ledger.dev/problems/" + problemType);
        }
        return response;
    }

    private static String concrete(String template, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for {" + m.group(1) + "} of " + template);
            }
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        return path.toString();
    }

    /** An HS256 token with the given audience and times (LocalTokens always issues now). */
    private static String signed(String secret, String audience, Instant issued, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("mso-ledger-local").audience(audience).subject("contract-odd-token")
                .issueTime(Date.from(issued)).expirationTime(Date.from(expires)).claim("roles", List.of("FINANCE", "AUDITOR"))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
