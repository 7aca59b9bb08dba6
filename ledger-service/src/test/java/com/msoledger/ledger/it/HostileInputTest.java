package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestClock;
import com.msoledger.ledger.support.TestTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text, tokens and paths crafted to get past the edge: control characters, unpaired surrogates and
 * malformed UTF-8 in every request string that reaches an event; token claims of the wrong shape or
 * size; paths the firewall refuses. Each is a 4xx problem+json naming what is wrong, and nothing is
 * written; never a 500, never a 401 for what is not an authentication problem.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEMS = "https://mso-ledger.dev/problems/";

    /** Characters no text field takes, as JSON escapes: C0 controls, DEL, a C1 control, unpaired surrogates. */
    private static final List<String> NEVER = List.of("\\u0000", "\\u0001", "\\u001b[31m", "\\u001f", "\\u007f", "\\u0085",
            "\\ud800", "\\udfff", "\\udc00\\ud800", "x\\ud83d");
    /** Tab and line breaks: refused in one-line fields, allowed in reasons. */
    private static final List<String> LINES = List.of("\\t", "\\n", "\\r", "\\r\\n");

    /** Malformed UTF-8, as raw bytes: overlong '/', an encoded surrogate, a 5-byte form, past U+10FFFF, strays. */
    private static final List<String> MALFORMED_UTF8 = List.of("c0af", "e0808f", "eda080", "f888808080", "f4908080", "ff",
            "80", "e282", "fe");

    @Autowired
    JdbcClient jdbc;

    private String agreement;

    @BeforeEach
    void data() {
        agreement = establishWorkedExample();
    }

    /** A text field that reaches an event, and the request that carries it, with the text at {@code %s}. */
    private record TextField(String field, String path, Function<String, String> body, boolean lines) {
        @Override
        public String toString() {
            return field + " of " + path;
        }
    }

    private static String party(String legalName, String ownerName, String state) {
        return """
                {"partyId":"%s","kind":"MSO","legalName":"%s","stateOfOrganization":"%s","ownershipStructure":"INVESTOR_OWNED",
                 "owners":[{"ownerId":"holdings","name":"%s","stake":"100.00"}]}"""
                .formatted(Samples.unique("mso"), legalName, state, ownerName);
    }

    private static String establish(String fmvReference, String state, String terms) {
        return """
                {"agreementId":"%s","msoId":"m","practiceId":"p","currency":"USD","state":"%s","effectiveFrom":"{P-1:01}",
                 "fmvOpinionReference":"%s","terms":%s}""".formatted(Samples.unique("msa"), state, fmvReference, terms);
    }

    private static String terms(String unitName, String ownerName) {
        return Samples.workedExampleTerms()
                .replace("\"unitName\":\"provider\"", "\"unitName\":\"" + unitName + "\"")
                .replace("\"name\":\"Physician owners\"", "\"name\":\"" + ownerName + "\"");
    }

    private static String payment(String id, String reference) {
        return """
                {"paymentId":"%s","direction":"PRACTICE_TO_MSO","amount":"10.00","effectiveDate":"{P-1:20}","reference":"%s"}"""
                .formatted(id, reference);
    }

    private static String reversal(String id, String entryId, String reason) {
        return """
                {"reversalId":"%s","entryId":"%s","reason":"%s","effectiveDate":"{P-1:end}"}""".formatted(id, entryId, reason);
    }

    private static String assetTransfer(String id, String description) {
        return """
                {"transferId":"%s","assetId":"%s","description":"%s","category":"LEASE","fairMarketValue":"10.00",
                 "effectiveDate":"{P-1:05}","consideration":"CASH"}""".formatted(id, "asset-" + id, description);
    }

    private List<TextField> textFields() {
        String a = "/api/v1/agreements/" + agreement;
        return List.of(
                new TextField("legalName", "/api/v1/parties", v -> party("Acme " + v + " LLC", "Holdings", "DE"), false),
                new TextField("owners[0].name", "/api/v1/parties", v -> party("Acme LLC", "Hold" + v + "ings", "DE"), false),
                new TextField("stateOfOrganization", "/api/v1/parties", v -> party("Acme LLC", "Holdings", "D" + v), false),
                new TextField("fmvOpinionReference", "/api/v1/agreements",
                        v -> establish("FMV" + v, "CA", Samples.workedExampleTerms()), false),
                new TextField("state", "/api/v1/agreements", v -> establish("FMV-1", "C" + v, Samples.workedExampleTerms()), false),
                new TextField("terms.feeSchedule[2].unitName", "/api/v1/agreements",
                        v -> establish("FMV-1", "CA", terms("pro" + v + "vider", "Physician owners")), false),
                new TextField("terms.distributionSchedule[0].name", "/api/v1/agreements",
                        v -> establish("FMV-1", "CA", terms("provider", "Physician " + v)), false),
                new TextField("fmvOpinionReference", a + "/amendments", v -> """
                        {"amendmentId":"amd-1","effectiveFrom":"2099-01-01","fmvOpinionReference":"FMV%s","terms":%s}"""
                        .formatted(v, Samples.workedExampleTerms()), false),
                new TextField("terms.feeSchedule[2].unitName", a + "/amendments", v -> """
                        {"amendmentId":"amd-1","effectiveFrom":"2099-01-01","terms":%s}""".formatted(terms(v + "unit", "Owners")), false),
                new TextField("terms.distributionSchedule[0].name", a + "/amendments", v -> """
                        {"amendmentId":"amd-1","effectiveFrom":"2099-01-01","terms":%s}""".formatted(terms("unit", v)), false),
                new TextField("reason", a + "/termination", v -> """
                        {"effectiveTo":"2099-06-30","reason":"sold%s"}""".formatted(v), true),
                new TextField("description", a + "/asset-transfers", v -> assetTransfer("t1", "MRI " + v), false),
                new TextField("reference", a + "/payments", v -> payment("p1", "WIRE " + v), false),
                new TextField("reason", a + "/reversals", v -> reversal("r1", "p1", "entered twice" + v), true));
    }

    // ------------------------------------------------------------------ text in single commands

    @Test
    void controlCharactersAndUnpairedSurrogatesInEveryTextFieldAreA400NamingTheFieldAndWriteNothing() {
        for (TextField field : textFields()) {
            List<String> refused = new ArrayList<>(NEVER);
            if (!field.lines()) {
                refused.addAll(LINES);
            }
            for (String value : refused) {
                long before = events();
                Api.Response response = api.post(field.path(), field.body().apply(value));
                assertInvalid(response, field.field(), field + " with " + value);
                assertThat(events()).as("%s with %s wrote events", field, value).isEqualTo(before);
            }
        }
    }

    @Test
    void malformedUtf8BytesInEveryTextFieldAreA400NamingTheFieldAndWriteNothing() {
        for (TextField field : textFields()) {
            for (String hex : MALFORMED_UTF8) {
                long before = events();
                Api.Response response = postBytes(field.path(), withBytes(field.body().apply("\uE000"), hex));
                assertInvalid(response, field.field(), field + " with bytes " + hex);
                assertThat(events()).as("%s with bytes %s wrote events", field, hex).isEqualTo(before);
            }
        }
    }

    @Test
    void malformedUtf8OutsideAStringIsAMalformedBody() {
        long before = events();
        Api.Response response = postBytes("/api/v1/parties", withBytes(party("Acme LLC", "Holdings", "DE")
                .replace(",\"kind\"", "\uE000,\"kind\""), "c0af"));
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo(PROBLEMS + "malformed-body");
        assertThat(response.json().get("correlationId").asText()).isNotBlank();
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void reasonsMayHoldTabsAndLineBreaksButNotOnlyThose() {
        String a = "/api/v1/agreements/" + agreement;
        require(api.post(a + "/payments", payment("p1", "WIRE 1")), 201);
        Api.Response reversed = require(api.post(a + "/reversals", reversal("r1", "p1", "entered twice:\\r\\n\\tsee ticket 7\\n")), 201);
        assertThat(reversed.json().get("details").get("reason").asText()).isEqualTo("entered twice:\r\n\tsee ticket 7\n");
        Api.Response terminated = require(api.post(a + "/termination", """
                {"effectiveTo":"2099-06-30","reason":"practice sold\\r\\nto Acme\\tHoldings"}"""), 200);
        assertThat(terminated.json().get("reason").asText()).isEqualTo("practice sold\r\nto Acme\tHoldings");
        // blank is blank, however many lines
        assertInvalid(api.post(a + "/reversals", reversal("r2", "p1", "\\r\\n\\t")), "reason", "a reason of only line breaks");
    }

    @Test
    void wellFormedUnicodeIsStoredExactlyAndAByteOrderMarkIsIgnored() {
        String name = "Müller & Søn — 東京 \uD83D\uDCB8 ǅ";
        String body = party(name, "Ærø Holdings", "DE");
        Api.Response created = require(api.post("/api/v1/parties", body), 201);
        assertThat(created.json().get("legalName").asText()).isEqualTo(name);
        JsonNode read = require(api.get("/api/v1/parties/" + created.json().get("partyId").asText()
                + "?minPosition=" + created.position()), 200).json();
        assertThat(read.get("legalName").asText()).isEqualTo(name);
        assertThat(read.get("owners").get(0).get("name").asText()).isEqualTo("Ærø Holdings");

        byte[] json = calendar.fill(party("Acme LLC", "Holdings", "DE")).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        require(postBytes("/api/v1/parties", withBom), 201);
    }

    // ------------------------------------------------------------------ text in batches

    private static String item(String agreement, String type, String body) {
        return """
                {"agreementId":"%s","type":"%s","body":%s}""".formatted(agreement, type, body);
    }

    private static String batch(String mode, String... items) {
        return """
                {"batchId":"b-%s","mode":"%s","items":[%s]}""".formatted(UUID.randomUUID().toString().substring(0, 8), mode,
                String.join(",", items));
    }

    @Test
    void aBadCharacterInOneBatchItemRefusesThatItemNamingItsField() {
        String a = agreement;
        String body = batch("PER_ITEM",
                item(a, "payments", payment("ok-1", "WIRE 1")),
                item(a, "payments", payment("nul", "WIRE\\u0000")),
                item(a, "reversals", reversal("lone", "ok-1", "oops\\ud800")),
                item(a, "asset-transfers", assetTransfer("overlong", "MRI \uE000")),
                item(a + "\\u0000", "payments", payment("where", "WIRE 3")),
                item(a, "payments", payment("ok-2", "WIRE 2")));
        long before = events();
        Api.Response response = require(postBytes("/api/v1/batches", withBytes(body, "c0af")), 200);
        JsonNode items = response.json().get("items");
        List<Integer> statuses = new ArrayList<>();
        items.forEach(item -> statuses.add(item.get("status").asInt()));
        assertThat(statuses).containsExactly(201, 400, 400, 400, 400, 201);
        assertThat(items.get(1).get("problem").get("field").asText()).isEqualTo("reference");
        assertThat(items.get(2).get("problem").get("field").asText()).isEqualTo("reason");
        assertThat(items.get(3).get("problem").get("field").asText()).isEqualTo("description");
        assertThat(items.get(4).get("problem").get("field").asText()).isEqualTo("agreementId");
        for (int i = 1; i <= 4; i++) {
            assertThat(items.get(i).get("problem").get("type").asText()).as("item %d", i).isEqualTo(PROBLEMS + "invalid-input");
        }
        assertThat(response.json().get("recorded").asInt()).isEqualTo(2);
        assertThat(events()).isEqualTo(before + 2);

        Api.Response refused = api.post("/api/v1/batches", batch("ALL_OR_NOTHING",
                item(a, "payments", payment("ok-3", "WIRE 3")), item(a, "payments", payment("nul-2", "\\u001fWIRE"))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("type").asText()).isEqualTo(PROBLEMS + "batch-refused");
        assertThat(refused.json().get("failedIndex").asInt()).isEqualTo(1);
        assertThat(refused.json().get("items").get(1).get("problem").get("field").asText()).isEqualTo("reference");
        assertThat(events()).isEqualTo(before + 2);

        assertInvalid(api.post("/api/v1/batches", """
                {"batchId":"b\\u0000","mode":"PER_ITEM","items":[%s]}""".formatted(item(a, "payments", payment("x", "W")))),
                "batchId", "a NUL in batchId");
    }

    // ------------------------------------------------------------------ token claims

    /** A token signed with the test secret whose claims are exactly {@code claims} plus iss, aud, iat and exp. */
    private static String token(String claims) {
        long now = TestClock.INSTANCE.instant().getEpochSecond();
        String json = "{\"iss\":\"mso-ledger-local\",\"aud\":\"mso-ledger\",\"iat\":" + now + ",\"exp\":" + (now + 3600)
                + (claims.isEmpty() ? "" : "," + claims) + "}";
        try {
            JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(json));
            jws.sign(new MACSigner(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tokensWithClaimsOfTheWrongShapeOrSizeAreA401ProblemNeverA500(CapturedOutput log) {
        String finance = "\"roles\":[\"FINANCE\",\"AUDITOR\",\"DASHBOARD\"]";
        // the crafted tokens are otherwise good: a well-formed one is let in
        Api good = new Api(port).header("Authorization", TestTokens.bearer(token("\"sub\":\"crafted\"," + finance)));
        require(good.get("/api/v1/agreements"), 200);
        require(good.post("/api/v1/parties", party("Acme LLC", "Holdings", "DE")), 201);
        Api practiceReader = new Api(port).header("Authorization", TestTokens.bearer(
                token("\"sub\":\"reader\",\"roles\":[\"PRACTICE\"],\"practices\":[\"some-practice\"]")));
        require(practiceReader.get("/api/v1/agreements"), 200);

        List<String> malformed = List.of(
                finance,                                                   // no sub
                "\"sub\":\"\"," + finance,
                "\"sub\":\"   \"," + finance,
                "\"sub\":\"" + "x".repeat(256) + "\"," + finance,
                "\"sub\":\"eve\\u0000\"," + finance,
                "\"sub\":\"eve\\n\"," + finance,
                "\"sub\":\"eve\\u007f\"," + finance,
                "\"sub\":\"eve\\ud800\"," + finance,
                "\"sub\":\"eve\",\"roles\":\"FINANCE\"",
                "\"sub\":\"eve\",\"roles\":{\"FINANCE\":true}",
                "\"sub\":\"eve\",\"roles\":[\"FINANCE\",7]",
                "\"sub\":\"eve\",\"roles\":[\"FINANCE\",null]",
                "\"sub\":\"eve\",\"roles\":null",
                "\"sub\":\"eve\",\"roles\":[\"PRACTICE\"],\"practices\":null",
                "\"sub\":\"eve\",\"roles\":[\"PRACTICE\"],\"practices\":\"some-practice\"",
                "\"sub\":\"eve\",\"roles\":[\"PRACTICE\"],\"practices\":[42]",
                "\"sub\":\"eve\",\"roles\":[\"PRACTICE\"],\"practices\":[\"nul\\u0000\"]",
                "\"sub\":\"eve\",\"roles\":[\"PRACTICE\"],\"practices\":[[\"nested\"]]",
                "\"sub\":\"eve\"," + finance + ",\"practices\":{}");
        for (String claims : malformed) {
            Api client = new Api(port).header("Authorization", TestTokens.bearer(token(claims)));
            long before = events();
            for (Api.Response response : List.of(client.get("/api/v1/agreements"), client.get("/api/v1/agreements/" + agreement),
                    client.post("/api/v1/parties", party("Acme LLC", "Holdings", "DE")),
                    client.post("/api/v1/agreements/" + agreement + "/payments", payment(Samples.unique("p"), "W")))) {
                assertThat(response.status()).as("%s -> %s", claims, response).isEqualTo(401);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
                assertThat(response.json().get("type").asText()).isEqualTo(PROBLEMS + "unauthenticated");
                assertThat(response.json().get("correlationId").asText()).isNotBlank();
            }
            assertThat(events()).as("%s wrote events", claims).isEqualTo(before);
        }
        // the reason is in the log, without the claim's value
        assertThat(log.getOut()).contains("the sub claim is longer than 255 characters")
                .contains("the practices claim is not a list of strings")
                .contains("the roles claim is not a list of strings")
                .doesNotContain("x".repeat(256));
    }

    // ------------------------------------------------------------------ paths

    @Test
    void pathsTheFirewallRejectsAreA400RejectedPathProblemWithOrWithoutAToken() throws IOException {
        String a = "/api/v1/agreements/" + agreement;
        List<String> paths = List.of(a + ";jsessionid=1", a + "/entries;x", a + "%3Bx", a + "%3bx", "/api/v1/agreements/a%2Fb",
                "/api/v1/agreements/a%2fb", a + "/../" + agreement, "/api/v1/agreements/%2E%2E/parties", "/api/v1/agreements/%2e%2e",
                a + "/./entries", "/api/v1//agreements", "//api/v1/agreements", "/api/v1/agreements/a%5Cb", "/api/v1/agreements/%2e/x",
                a + "/entries/%25", "/api/v1/agreements/%00", "/api/v1/agreements/%zz");
        String bearer = TestTokens.bearer(TestTokens.everything());
        for (String path : paths) {
            for (String method : List.of("GET", "POST")) {
                for (String authorization : new String[]{bearer, null}) {
                    long before = events();
                    Raw response = raw(method, path, authorization, method.equals("POST") ? payment(Samples.unique("p"), "W") : null);
                    String what = method + " " + path + (authorization == null ? " without a token" : "") + " -> " + response;
                    assertThat(response.status()).as(what).isEqualTo(400);
                    assertThat(response.contentType()).as(what).startsWith("application/problem+json");
                    JsonNode problem = JSON.readTree(response.body());
                    assertThat(problem.path("type").asText()).as(what).isEqualTo(PROBLEMS + "rejected-path");
                    assertThat(problem.path("detail").asText()).as(what).contains("path was rejected");
                    assertThat(problem.path("status").asInt()).isEqualTo(400);
                    assertThat(problem.path("instance").asText()).as(what).isNotEqualTo("/error").isNotEmpty();
                    assertThat(problem.path("correlationId").asText()).as(what).isNotBlank()
                            .isEqualTo(response.header("X-Correlation-Id"));
                    assertThat(events()).as(what).isEqualTo(before);
                }
            }
        }
        // a request target that is not HTTP at all (a raw backslash, a quote) is a malformed request
        for (String path : List.of("/api/v1/agreements/a\\b", "/api/v1/agreements/\"x\"")) {
            Raw response = raw("GET", path, bearer, null);
            assertThat(response.status()).as("%s -> %s", path, response).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo(PROBLEMS + "malformed-request");
        }
    }

    @Test
    void headersAndParametersWithControlCharactersAreA400NeverA500AndTheirValuesAreNotLogged(CapturedOutput log)
            throws IOException {
        String token = TestTokens.everything();
        String bearer = TestTokens.bearer(token);
        String a = "/api/v1/agreements/" + agreement;
        String pay = a + "/payments";
        // method, path, authorization, body, expected problem type, then extra headers (sent as ISO-8859-1 bytes)
        List<String[]> requests = List.of(
                new String[]{"GET", "/api/v1/agreements?status=%00", bearer, null, "invalid-parameter"},
                new String[]{"GET", "/api/v1/agreements?status=%C2%85", bearer, null, "invalid-parameter"},
                new String[]{"GET", "/api/v1/reconciliation?period=%0D%0A", bearer, null, "invalid-parameter"},
                new String[]{"GET", "/api/v1/agreements", bearer + "\u0085", null, "rejected-request"},
                new String[]{"POST", pay, bearer, payment(Samples.unique("p"), "W"), "rejected-request", "Idempotency-Key", "key\u0085"},
                new String[]{"POST", pay, bearer, payment(Samples.unique("p"), "W"), "rejected-request", "X-Correlation-Id", "id\u0085"},
                new String[]{"POST", pay, bearer, payment(Samples.unique("p"), "W"), "rejected-request", "X-Anything", "\u0085" + token});
        for (String[] request : requests) {
            long before = events();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 5; i + 1 < request.length; i += 2) {
                headers.put(request[i], request[i + 1]);
            }
            Raw response = raw(request[0], request[1], request[2], request[3], headers);
            String what = request[0] + " " + request[1] + " " + headers.keySet() + " -> " + response;
            assertThat(response.status()).as(what).isEqualTo(400);
            assertThat(response.contentType()).as(what).startsWith("application/problem+json");
            assertThat(JSON.readTree(response.body()).path("type").asText()).as(what).isEqualTo(PROBLEMS + request[4]);
            assertThat(events()).as(what).isEqualTo(before);
        }
        assertThat(log.getOut()).doesNotContain(token);
    }

    @Test
    void aBodyThatCannotBeReadIsAProblemNotA401FromTheErrorPage() throws IOException {
        long before = events();
        String request = "POST /api/v1/agreements/" + agreement + "/payments HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + TestTokens.bearer(TestTokens.everything()) + "\r\nIdempotency-Key: " + UUID.randomUUID()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "zz\r\n{}\r\n0\r\n\r\n";
        Raw response = exchange(request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.status()).as("%s", response).isBetween(400, 499);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo(PROBLEMS + "malformed-request");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/v1/agreements/" + agreement + "/payments");
        assertThat(problem.path("correlationId").asText()).isNotBlank().isEqualTo(response.header("X-Correlation-Id"));
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void theErrorPathIsNoDoorOfItsOwn() throws IOException {
        for (String method : List.of("GET", "POST")) {
            Raw response = raw(method, "/error", TestTokens.bearer(TestTokens.everything()), method.equals("POST") ? "{}" : null);
            assertThat(response.status()).as("%s /error -> %s", method, response).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(raw(method, "/error", null, null).status()).isEqualTo(401); // like every path without a token
        }
    }

    // ------------------------------------------------------------------ helpers

    private void assertInvalid(Api.Response response, String field, String what) {
        assertThat(response.status()).as("%s -> %s", what, response).isEqualTo(400);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).as("%s -> %s", what, response).isEqualTo(PROBLEMS + "invalid-input");
        assertThat(response.json().get("field").asText()).as("%s -> %s", what, response).isEqualTo(field);
        assertThat(response.json().get("correlationId").asText()).isNotBlank();
    }

    /** The body as UTF-8 bytes, each U+E000 replaced by the bytes {@code hex} (dates filled first). */
    private byte[] withBytes(String body, String hex) {
        byte[] marker = "\uE000".getBytes(StandardCharsets.UTF_8);
        byte[] replacement = HexFormat.of().parseHex(hex);
        byte[] bytes = calendar.fill(body).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            if (i + marker.length <= bytes.length && Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
                out.writeBytes(replacement);
                i += marker.length - 1;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    private Api.Response postBytes(String path, byte[] body) {
        return api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                "Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString());
    }

    private long events() {
        return jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();
    }

    /** A response read off the socket. */
    private record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Sends the request line exactly as given, which an HTTP client library would normalize or refuse. */
    private Raw raw(String method, String path, String authorization, String body) throws IOException {
        return raw(method, path, authorization, body, Map.of());
    }

    /** The same, with more headers (sent as ISO-8859-1 bytes, as HTTP/1.1 sends them). */
    private Raw raw(String method, String path, String authorization, String body, Map<String, String> extra)
            throws IOException {
        byte[] content = body == null ? new byte[0] : calendar.fill(body).getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        extra.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            if (!extra.containsKey("Idempotency-Key")) {
                request.append("Idempotency-Key: ").append(UUID.randomUUID()).append("\r\n");
            }
            request.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(content);
        return exchange(bytes.toByteArray());
    }

    /** Sends exactly {@code request} on a new connection and reads the whole response. */
    private Raw exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            byte[] response = socket.getInputStream().readAllBytes();
            int split = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            String[] head = new String(response, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
            }
            byte[] received = Arrays.copyOfRange(response, split + 4, response.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                received = dechunk(received);
            }
            return new Raw(Integer.parseInt(head[0].split(" ")[1]), headers, new String(received, StandardCharsets.UTF_8));
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] crlf = {'\r', '\n'};
        int at = 0;
        while (true) {
            int eol = indexOf(chunked, crlf, at);
            int size = Integer.parseInt(new String(chunked, at, eol - at, StandardCharsets.ISO_8859_1).trim(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, eol + 2, size);
            at = eol + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int i = from; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalStateException("incomplete response");
    }
}
