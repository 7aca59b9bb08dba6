package com.msoledger.ledger.it;

import com.msoledger.ledger.security.LocalTokens;
import com.msoledger.ledger.security.Role;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestClock;
import com.msoledger.ledger.support.TestTokens;
import com.msoledger.ledger.web.RequestFields;
import com.msoledger.testing.Property;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests at every endpoint: random JSON, huge numbers, unicode, control
 * characters and unpaired surrogates (as JSON escapes), malformed UTF-8 bytes, SQL and path tricks,
 * wrong content types, missing and forged tokens. No answer may be a 500; every refusal is a
 * problem+json 4xx and leaves the event store as it was.
 */
class FuzzTest extends IntegrationTest {

    private static final String[] HOSTILE = {
            "'; drop table domain_event_entry; --", "../../../etc/passwd", "%2e%2e%2f%2e%2e%2f", "\u0000", "\uD83D\uDCB8\u202E",
            "<script>alert(1)</script>", "1e309", "-0.00", "99999999999999999999999999.99", "NaN", "${jndi:ldap://x}",
            "x".repeat(5000), "", " ", "\t\n", "null", "true", "[]", "{}", "2026-02-30", "2026-13", "0000-00-00",
            "USD", "DROP", "ǅ", "１２３.００"};
    /** JSON string content (escapes included) that no text field accepts. */
    private static final String[] ESCAPED = {"\\u0000", "a\\u0000b", "\\ud800", "\\udfff", "\\udc00\\ud800", "\\u001b[2J",
            "\\u007f", "\\u0085", "x\\ud83d"};
    /** Stands for malformed UTF-8 in a body: replaced by the bytes of one of {@link #MALFORMED} when sent. */
    private static final String MALFORMED_MARK = "\uE000";
    private static final byte[][] MALFORMED = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
    private static final String[] LITERALS = {"1e309", "-1", "12345678901234567890123", "1.5", "true", "false", "null",
            "[]", "{}", "[1,2,3]", "{\"$ne\":null}", "\"\"", "0"};

    @Autowired
    JdbcClient jdbc;

    private String agreement;

    @BeforeEach
    void data() {
        agreement = establishWorkedExample();
    }

    private List<String[]> commands() {
        String a = "/api/v1/agreements/" + agreement;
        return List.of(
                new String[]{"/api/v1/parties", Samples.mso(Samples.unique("mso"))},
                new String[]{"/api/v1/agreements", Samples.agreement(Samples.unique("msa"), "m", "p")},
                new String[]{a + "/amendments", "{\"amendmentId\":\"a1\",\"effectiveFrom\":\"2099-01-01\",\"terms\":"
                        + Samples.workedExampleTerms() + "}"},
                new String[]{a + "/termination", "{\"effectiveTo\":\"2099-06-30\",\"reason\":\"sold\"}"},
                new String[]{a + "/fee-charges", "{\"chargeId\":\"c1\",\"serviceCode\":\"IT\",\"period\":\"{P-1}\","
                        + "\"effectiveDate\":\"{P-1:end}\",\"basis\":{\"units\":12}}"},
                new String[]{a + "/risk-share-accruals", "{\"accrualId\":\"r1\",\"period\":\"{P-1}\",\"effectiveDate\":\"{P-1:end}\","
                        + "\"practiceRevenue\":\"300000.00\",\"practiceExpenses\":\"250000.00\"}"},
                new String[]{a + "/distributions", "{\"distributionId\":\"d1\",\"period\":\"{P-1}\",\"effectiveDate\":\"{P-1:end}\","
                        + "\"amount\":\"1.00\"}"},
                new String[]{a + "/asset-transfers", "{\"transferId\":\"t1\",\"assetId\":\"mri\",\"description\":\"MRI\","
                        + "\"category\":\"LEASE\",\"fairMarketValue\":\"10.00\",\"effectiveDate\":\"{P-1:05}\",\"consideration\":\"CASH\"}"},
                new String[]{a + "/payments", "{\"paymentId\":\"p1\",\"direction\":\"PRACTICE_TO_MSO\",\"amount\":\"10.00\","
                        + "\"effectiveDate\":\"{P-1:20}\",\"reference\":\"W\"}"},
                new String[]{a + "/reversals", "{\"reversalId\":\"v1\",\"entryId\":\"p1\",\"reason\":\"x\",\"effectiveDate\":\"{P-1:end}\"}"},
                new String[]{a + "/periods/{P-1}/close", ""})
                .stream().map(c -> new String[]{calendar.fill(c[0]), calendar.fill(c[1])}).toList();
    }

    private List<String> queries() {
        String a = "/api/v1/agreements/" + agreement;
        return List.of("/api/v1/parties/{id}", "/api/v1/agreements?msoId={v}&practiceId={v}&status={v}&page={v}&size={v}",
                "/api/v1/agreements/{id}", a + "/statement?period={v}&asOf={v}&knownAt={v}", a + "/balances?asOf={v}&knownAt={v}",
                a + "/entries?from={v}&to={v}&type={v}&page={v}&size={v}", a + "/entries/{id}", a + "/aging?asOf={v}",
                "/api/v1/reconciliation?period={v}&page={v}&size={v}", "/api/v1/admin/projections/{id}",
                a + "/statement?period=" + calendar.period(-1) + "&minPosition={v}");
    }

    /** One hostile request. */
    private record Attack(String method, String path, String body, String contentType, String token) {
        @Override
        public String toString() {
            return method + " " + path + " [" + contentType + "] token=" + (token == null ? "none" : token.length())
                    + " body=" + (body == null ? "" : body.substring(0, Math.min(body.length(), 300)));
        }
    }

    @Test
    void hostileCommandsNeverCauseA500AndRefusalsWriteNothing() {
        List<String[]> commands = commands();
        Property.forAll("hostile commands are refused cleanly", 600, random -> {
            String[] command = commands.get(random.nextInt(commands.size()));
            return new Attack("POST", pathTrick(random, command[0]), mutate(random, command[1]), contentType(random), token(random));
        }, this::assertHandled);
    }

    @Test
    void hostileQueriesNeverCauseA500() {
        List<String> queries = queries();
        Property.forAll("hostile queries are refused cleanly", 600, random -> {
            String template = queries.get(random.nextInt(queries.size()));
            String path = template.replace("{id}", encode(pick(random, HOSTILE)));
            while (path.contains("{v}")) {
                path = path.replaceFirst("\\{v}", java.util.regex.Matcher.quoteReplacement(
                        encode(random.nextInt(3) == 0 ? pick(random, LITERALS) : pick(random, HOSTILE))));
            }
            return new Attack("GET", path, null, null, token(random));
        }, this::assertHandled);
    }

    private void assertHandled(Attack attack) {
        long before = events();
        Api.Response response = send(attack);
        assertThat(response.status()).as("%s -> %s", attack, response).isLessThan(500);
        if (response.status() >= 400) {
            assertThat(response.contentType()).as("%s -> %s", attack, response).startsWith("application/problem+json");
            assertThat(events()).as("a refused request wrote events: %s", attack).isEqualTo(before);
        } else if (response.json() != null) {
            // what was accepted holds no control character or unpaired surrogate (tab and line breaks aside)
            assertCleanText(response.json(), attack, response);
        }
    }

    private static void assertCleanText(com.fasterxml.jackson.databind.JsonNode node, Attack attack, Api.Response response) {
        if (node.isTextual()) {
            assertThat(RequestFields.isText(node.asText(), true)).as("accepted text %s: %s -> %s", node, attack, response).isTrue();
        }
        node.fieldNames().forEachRemaining(name ->
                assertThat(RequestFields.isText(name, false)).as("accepted name %s: %s", name, attack).isTrue());
        node.elements().forEachRemaining(child -> assertCleanText(child, attack, response));
    }

    private Api.Response send(Attack attack) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + attack.path()));
        if (attack.method().equals("POST")) {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes(attack.body())));
            request.header("Idempotency-Key", Samples.unique("fuzz"));
        } else {
            request.GET();
        }
        if (attack.contentType() != null) {
            request.header("Content-Type", attack.contentType());
        }
        if (attack.token() != null) {
            request.header("Authorization", "Bearer " + attack.token());
        }
        return new Api(port).send(request);
    }

    private static String mutate(RandomGenerator random, String body) {
        if (body.isEmpty() || random.nextInt(12) == 0) {
            return random.nextBoolean() ? pick(random, LITERALS) : pick(random, HOSTILE);
        }
        return switch (random.nextInt(10)) {
            case 0 -> replaceAStringValue(random, body, "\"" + pick(random, HOSTILE).replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            case 1 -> replaceAStringValue(random, body, pick(random, LITERALS));
            case 2 -> body.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"" + pick(random,
                    new String[]{"admin", "amount", "fee", "recordedAt", "__proto__"}) + "\":" + pick(random, LITERALS) + ","));
            case 3 -> body.substring(0, random.nextInt(body.length()));
            case 4 -> body.replaceFirst("\"[A-Za-z]+\":\"[^\"]*\",?", "");
            case 5 -> body + pick(random, new String[]{"}", "garbage", ",{}", "]"});
            case 6 -> body.replaceFirst("\\{\"([A-Za-z]+)\":", "{\"$1\":\"dup\",\"$1\":");
            case 7 -> replaceAStringValue(random, body, "\"" + (random.nextBoolean() ? "text " : "") + pick(random, ESCAPED) + "\"");
            case 8 -> replaceAStringValue(random, body, "\"" + (random.nextBoolean() ? "text " : "") + MALFORMED_MARK
                    + (char) ('0' + random.nextInt(MALFORMED.length)) + "\"");
            default -> replaceAStringValue(random, body, "\"" + "9".repeat(random.nextInt(1, 40)) + ".00\"");
        };
    }

    /** The body as UTF-8, each malformed-UTF-8 mark (and the digit after it) replaced by the bytes it names. */
    private static byte[] bytes(String body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        for (int mark = body.indexOf(MALFORMED_MARK); mark >= 0 && mark + 1 < body.length(); mark = body.indexOf(MALFORMED_MARK, at)) {
            out.writeBytes(body.substring(at, mark).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(MALFORMED[body.charAt(mark + 1) - '0']);
            at = mark + 2;
        }
        out.writeBytes(body.substring(at).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String replaceAStringValue(RandomGenerator random, String body, String replacement) {
        java.util.regex.Matcher values = java.util.regex.Pattern.compile(":\"[^\"]*\"").matcher(body);
        List<int[]> spans = new java.util.ArrayList<>();
        while (values.find()) {
            spans.add(new int[]{values.start() + 1, values.end()});
        }
        if (spans.isEmpty()) {
            return body;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return body.substring(0, span[0]) + replacement + body.substring(span[1]);
    }

    private static String pathTrick(RandomGenerator random, String path) {
        if (random.nextInt(8) != 0) {
            return path;
        }
        return path.replaceFirst("/agreements/[^/]+",
                java.util.regex.Matcher.quoteReplacement("/agreements/" + encode(pick(random, HOSTILE))));
    }

    private static String contentType(RandomGenerator random) {
        return random.nextInt(10) == 0
                ? pick(random, new String[]{"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data"})
                : "application/json";
    }

    private static String token(RandomGenerator random) {
        return switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> "eyJhbGciOiJub25lIn0.eyJzdWIiOiJldmUiLCJyb2xlcyI6WyJGSU5BTkNFIl19.";
            case 2 -> LocalTokens.sign("forged-secret-forged-secret-forged-secret!".getBytes(StandardCharsets.UTF_8),
                    "mso-ledger", "eve", List.of(Role.FINANCE), List.of(), TestClock.INSTANCE.instant(), Duration.ofHours(1));
            default -> TestTokens.everything();
        };
    }

    private static String pick(RandomGenerator random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private long events() {
        return jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();
    }
}
