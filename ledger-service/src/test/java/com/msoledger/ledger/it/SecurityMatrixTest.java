package com.msoledger.ledger.it;

import com.msoledger.ledger.security.LocalTokens;
import com.msoledger.ledger.security.Role;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestClock;
import com.msoledger.ledger.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint against every role, no token, and expired, forged and misaddressed tokens; and a
 * practice reader probing another practice's data.
 */
class SecurityMatrixTest extends IntegrationTest {

    private static final Set<Role> READERS = EnumSet.of(Role.FINANCE, Role.AUDITOR, Role.DASHBOARD, Role.PRACTICE);

    private String agreement;
    private String practice;
    private String otherAgreement;
    private String otherPractice;

    /** One endpoint and the roles allowed to call it. */
    private record Endpoint(String method, String path, String body, Set<Role> allowed) {
    }

    @BeforeEach
    void data() {
        agreement = establishWorkedExample();
        practice = api.get("/api/v1/agreements/" + agreement + "?minPosition=" + lastPosition()).json().get("practiceId").asText();
        otherAgreement = establishWorkedExample();
        otherPractice = api.get("/api/v1/agreements/" + otherAgreement + "?minPosition=" + lastPosition()).json()
                .get("practiceId").asText();
        require(api.post("/api/v1/agreements/" + agreement + "/fee-charges", """
                {"chargeId":"oct-hr","serviceCode":"HR","period":"{P-1}","effectiveDate":"{P-1:end}"}"""), 201);
    }

    private long lastPosition() {
        return api.get("/api/v1/admin/projections/agreements").json().get("head").asLong();
    }

    private List<Endpoint> endpoints() {
        String a = "/api/v1/agreements/" + agreement;
        Set<Role> finance = EnumSet.of(Role.FINANCE);
        List<Endpoint> all = new ArrayList<>();
        all.add(new Endpoint("POST", "/api/v1/parties", "{}", finance));
        all.add(new Endpoint("GET", "/api/v1/parties/" + practice, null, READERS));
        all.add(new Endpoint("POST", "/api/v1/agreements", "{}", finance));
        all.add(new Endpoint("GET", "/api/v1/agreements", null, READERS));
        all.add(new Endpoint("GET", a, null, READERS));
        all.add(new Endpoint("POST", a + "/amendments", "{}", finance));
        all.add(new Endpoint("POST", a + "/termination", "{}", finance));
        for (String command : List.of("fee-charges", "risk-share-accruals", "distributions", "asset-transfers", "payments", "reversals")) {
            all.add(new Endpoint("POST", a + "/" + command, "{}", finance));
        }
        all.add(new Endpoint("POST", a + "/periods/1999-01/close", "", finance));
        all.add(new Endpoint("POST", "/api/v1/batches", "{}", finance));
        all.add(new Endpoint("GET", a + "/statement?period={P-1}", null, READERS));
        all.add(new Endpoint("GET", a + "/balances", null, READERS));
        all.add(new Endpoint("GET", a + "/entries", null, READERS));
        all.add(new Endpoint("GET", a + "/entries/oct-hr", null, READERS));
        all.add(new Endpoint("GET", a + "/aging", null, READERS));
        all.add(new Endpoint("GET", "/api/v1/reconciliation?period={P-1}", null, READERS));
        all.add(new Endpoint("GET", "/api/v1/compliance/flags", null, READERS));
        all.add(new Endpoint("GET", "/api/v1/admin/projections", null, EnumSet.of(Role.ADMIN, Role.AUDITOR)));
        all.add(new Endpoint("GET", "/api/v1/admin/projections/journal/checksum", null, EnumSet.of(Role.ADMIN, Role.AUDITOR)));
        all.add(new Endpoint("POST", "/api/v1/admin/projections/no-such-projection/replay", "", EnumSet.of(Role.ADMIN)));
        Set<Role> auditor = EnumSet.of(Role.AUDITOR);
        all.add(new Endpoint("POST", "/api/v1/audit/verify", "{\"agreementIds\":[\"" + agreement + "\"]}", auditor));
        all.add(new Endpoint("GET", "/api/v1/audit/agreements/" + agreement + "/head", null, auditor));
        all.add(new Endpoint("GET", "/api/v1/audit/agreements/" + agreement + "/events?limit=5", null, auditor));
        all.add(new Endpoint("GET", "/actuator/prometheus", null, EnumSet.of(Role.ADMIN, Role.AUDITOR, Role.DASHBOARD)));
        all.add(new Endpoint("GET", "/api-spec/openapi.yaml", null, EnumSet.allOf(Role.class)));
        return all;
    }

    @Test
    void everyEndpointEnforcesTheRoleMatrix() {
        for (Endpoint endpoint : endpoints()) {
            for (Role role : Role.values()) {
                String token = role == Role.PRACTICE
                        ? TestTokens.token("reader", List.of(role), List.of(practice))
                        : TestTokens.token("user", role);
                int status = call(endpoint, token).status();
                if (endpoint.allowed().contains(role)) {
                    assertThat(status).as("%s %s as %s", endpoint.method(), endpoint.path(), role).isNotIn(401, 403).isLessThan(500);
                } else {
                    assertThat(status).as("%s %s as %s", endpoint.method(), endpoint.path(), role).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void withoutAValidTokenNothingButHealthAnswers() {
        byte[] otherSecret = "another-secret-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8);
        List<String> invalid = new ArrayList<>();
        invalid.add(null);
        invalid.add("not-a-jwt");
        invalid.add(LocalTokens.sign(otherSecret, "mso-ledger", "mallory", List.of(Role.FINANCE), List.of(), TestClock.INSTANCE.instant(), Duration.ofHours(1)));
        invalid.add(LocalTokens.sign(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8), "mso-ledger", "late",
                List.of(Role.FINANCE), List.of(), TestClock.INSTANCE.instant(), Duration.ofMinutes(-10)));
        invalid.add(LocalTokens.sign(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8), "someone-else", "lost",
                List.of(Role.FINANCE), List.of(), TestClock.INSTANCE.instant(), Duration.ofHours(1)));
        for (Endpoint endpoint : endpoints()) {
            for (String token : invalid) {
                Api.Response response = call(endpoint, token);
                assertThat(response.status()).as("%s %s with %s", endpoint.method(), endpoint.path(), token).isEqualTo(401);
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }
        assertThat(new Api(port).get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void aPracticeReaderSeesOnlyItsOwnPracticesAgreements() {
        String reader = TestTokens.bearer(TestTokens.token("sunrise-reader", List.of(Role.PRACTICE), List.of(practice)));
        Api scoped = new Api(port).header("Authorization", reader);
        assertThat(scoped.get("/api/v1/agreements/" + agreement).status()).isEqualTo(200);
        String b = "/api/v1/agreements/" + otherAgreement;
        for (String path : List.of(b, b + "/statement?period={P-1}", b + "/balances", b + "/entries", b + "/entries/oct-hr",
                b + "/aging", "/api/v1/parties/" + otherPractice, "/api/v1/agreements/does-not-exist")) {
            Api.Response probe = scoped.get(path);
            assertThat(probe.status()).as(path).isEqualTo(404);
            // indistinguishable from asking for something that does not exist at all
            assertThat(probe.json().get("type").asText()).endsWith("/not-found");
            assertThat(probe.json().get("detail").asText()).doesNotContain(otherPractice).doesNotContain(otherAgreement);
        }
        assertThat(scoped.get("/api/v1/agreements?size=200").json().get("items"))
                .allSatisfy(item -> assertThat(item.get("practiceId").asText()).isEqualTo(practice));
        assertThat(scoped.get("/api/v1/reconciliation?period={P-1}&size=200").json().get("agreements"))
                .allSatisfy(line -> assertThat(line.get("agreementId").asText()).isEqualTo(agreement));
        assertThat(scoped.get("/api/v1/compliance/flags?size=200").json().get("items"))
                .allSatisfy(flag -> assertThat(flag.get("agreementId").asText()).isEqualTo(agreement));
    }

    @Test
    void theTokensSubjectIsTheActorOfTheEvents() {
        String mso = Samples.unique("mso");
        Api.Response created = api.post("/api/v1/parties", Samples.mso(mso), "Authorization",
                TestTokens.bearer(TestTokens.token("carol@mso-finance", Role.FINANCE)));
        assertThat(created.status()).isEqualTo(201);
        Api auditor = new Api(port).header("Authorization", TestTokens.bearer(TestTokens.token("auditor", Role.AUDITOR)));
        assertThat(auditor.get("/api/v1/parties/" + mso + "?minPosition=" + created.position()).status()).isEqualTo(200);
    }

    private Api.Response call(Endpoint endpoint, String token) {
        Api client = new Api(port);
        if (token != null) {
            client.header("Authorization", TestTokens.bearer(token));
        }
        return endpoint.method().equals("POST") ? client.post(endpoint.path(), endpoint.body()) : client.get(endpoint.path());
    }
}
