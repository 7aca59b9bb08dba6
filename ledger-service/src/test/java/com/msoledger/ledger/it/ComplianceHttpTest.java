package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.Samples;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compliance guardrails over HTTP on real PostgreSQL: a refusal names its rule and citation; flags
 * are recorded as events and shown on the agreement, the statement and {@code /compliance/flags}.
 */
class ComplianceHttpTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void refusesANewYorkAgreementWithAPercentageFeeNamingTheRuleAndItsCitation() {
        String agreement = Samples.unique("msa");
        Api.Response refused = api.post("/api/v1/agreements", agreementIn(agreement, "NY", true));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).endsWith("/ny-percentage-fee");
        assertThat(problem.get("rule").asText()).isEqualTo("ny-percentage-fee");
        assertThat(problem.get("citation").asText()).isEqualTo("N.Y. Educ. Law § 6530(19)");
        assertThat(problem.get("field").asText()).isEqualTo("terms.feeSchedule[0].feeType");
        assertThat(problem.get("detail").asText()).contains("BILLING", "N.Y. Educ. Law § 6530(19)");
        assertThat(events(agreement)).isZero();
    }

    @Test
    void flagsACaliforniaPercentageFeeWithoutAnFmvOpinionAndShowsItEverywhere() {
        String agreement = Samples.unique("msa");
        Api.Response created = require(api.post("/api/v1/agreements", agreementIn(agreement, "CA", false)), 201);
        assertThat(created.json().get("openFlags")).hasSize(1);
        assertThat(created.json().get("openFlags").get(0).get("ruleId").asText())
                .isEqualTo("ca-percentage-fee-without-fmv-opinion");

        Api.Response flags = require(api.get("/api/v1/compliance/flags?agreementId=" + agreement
                + "&minPosition=" + created.position()), 200);
        assertThat(flags.json().get("total").asLong()).isEqualTo(1);
        JsonNode flag = flags.json().get("items").get(0);
        assertThat(flag.get("flagId").asText()).isEqualTo("ca-percentage-fee-without-fmv-opinion:BILLING");
        assertThat(flag.get("status").asText()).isEqualTo("OPEN");
        assertThat(flag.get("state").asText()).isEqualTo("CA");
        assertThat(flag.get("citation").asText()).isEqualTo("Cal. Bus. & Prof. Code § 650(b)");
        assertThat(flag.get("facts").get("fmvOpinionReference").asText()).isEqualTo("none");
        assertThat(flag.get("raisedAt").asText()).isNotBlank();
        assertThat(flag.get("clearedAt").isNull()).isTrue();

        JsonNode read = require(api.get("/api/v1/agreements/" + agreement + "?minPosition=" + created.position()), 200).json();
        assertThat(read.get("openFlags")).hasSize(1);
        assertThat(read.get("openFlags").get(0).get("flagId").asText()).isEqualTo("ca-percentage-fee-without-fmv-opinion:BILLING");

        JsonNode statement = require(api.get("/api/v1/agreements/" + agreement + "/statement?period={P-1}&minPosition="
                + created.position()), 200).json();
        assertThat(statement.get("openFlags")).hasSize(1);
        assertThat(statement.get("openFlags").get(0).get("ruleId").asText()).isEqualTo("ca-percentage-fee-without-fmv-opinion");

        JsonNode californian = require(api.get("/api/v1/compliance/flags?state=CA&status=OPEN&agreementId=" + agreement), 200)
                .json();
        assertThat(californian.get("total").asLong()).isEqualTo(1);
        JsonNode texan = require(api.get("/api/v1/compliance/flags?state=TX&agreementId=" + agreement), 200).json();
        assertThat(texan.get("total").asLong()).isZero();
    }

    @Test
    void establishesTheWorkedExampleWithAnFmvOpinionWithoutAnyFlag() {
        String agreement = Samples.unique("msa");
        Api.Response created = require(api.post("/api/v1/agreements", agreementIn(agreement, "CA", true)), 201);
        assertThat(created.json().get("openFlags")).isEmpty();
        JsonNode read = require(api.get("/api/v1/agreements/" + agreement + "?minPosition=" + created.position()), 200).json();
        assertThat(read.get("openFlags")).isEmpty();
        assertThat(flags(agreement, created.position()).get("total").asLong()).isZero();
    }

    @Test
    void fmvDriftRaisesAFlagAndAReversalClearsItBothAsEvents() {
        String agreement = establishWorkedExample();
        String fees = "/api/v1/agreements/" + agreement + "/fee-charges";
        String billing = """
                {"chargeId":"%s","serviceCode":"BILLING","period":"{P-1}","effectiveDate":"{P-1:end}",
                 "basis":{"collections":"200000.00"}}""";

        // 12000.00 projects to 144000.00 a year: inside 100000.00-200000.00
        Api.Response first = require(api.post(fees, billing.formatted("oct-billing")), 201);
        assertThat(flags(agreement, first.position()).get("total").asLong()).isZero();

        // a second 12000.00 for October projects to 288000.00: above, flagged
        Api.Response second = require(api.post(fees, billing.formatted("oct-billing-2")), 201);
        JsonNode raised = flags(agreement, second.position());
        assertThat(raised.get("total").asLong()).isEqualTo(1);
        JsonNode flag = raised.get("items").get(0);
        assertThat(flag.get("flagId").asText()).isEqualTo("fmv-range:BILLING");
        assertThat(flag.get("status").asText()).isEqualTo("OPEN");
        assertThat(flag.get("facts").get("annualised").asText()).isEqualTo("288000.00");
        assertThat(flag.get("facts").get("position").asText()).isEqualTo("above");
        assertThat(flag.get("facts").get("entryId").asText()).isEqualTo("oct-billing-2");
        assertThat(require(api.get("/api/v1/agreements/" + agreement + "?minPosition=" + second.position()), 200)
                .json().get("openFlags")).hasSize(1);

        // reversing the second charge brings it back to 144000.00: cleared
        Api.Response reversal = require(api.post("/api/v1/agreements/" + agreement + "/reversals", """
                {"reversalId":"rev-1","entryId":"oct-billing-2","reason":"charged twice","effectiveDate":"{P0:02}"}"""), 201);
        JsonNode cleared = flags(agreement, reversal.position());
        assertThat(cleared.get("total").asLong()).isEqualTo(1);
        flag = cleared.get("items").get(0);
        assertThat(flag.get("status").asText()).isEqualTo("CLEARED");
        assertThat(flag.get("clearedFacts").get("annualised").asText()).isEqualTo("144000.00");
        assertThat(flag.get("clearedFacts").get("position").asText()).isEqualTo("inside");
        assertThat(flag.get("clearedAt").asText()).isGreaterThanOrEqualTo(flag.get("raisedAt").asText());
        assertThat(require(api.get("/api/v1/compliance/flags?status=OPEN&agreementId=" + agreement), 200)
                .json().get("total").asLong()).isZero();
        assertThat(require(api.get("/api/v1/agreements/" + agreement + "?minPosition=" + reversal.position()), 200)
                .json().get("openFlags")).isEmpty();

        // both are events on the agreement's stream, in order
        assertThat(jdbc.sql("""
                        select payload_type from domain_event_entry
                        where aggregate_identifier = ? and payload_type like 'com.msoledger.api.compliance.%'
                        order by sequence_number""")
                .param("agreement:" + agreement).query(String.class).list())
                .containsExactly("com.msoledger.api.compliance.ComplianceFlagRaised",
                        "com.msoledger.api.compliance.ComplianceFlagCleared");

        // drifting out again is a second raise; the first stays in the history
        Api.Response third = require(api.post(fees, billing.formatted("oct-billing-3")), 201);
        JsonNode history = flags(agreement, third.position());
        assertThat(history.get("total").asLong()).isEqualTo(2);
        assertThat(history.get("items").get(0).get("status").asText()).isEqualTo("OPEN");
        assertThat(history.get("items").get(1).get("status").asText()).isEqualTo("CLEARED");

        String metrics = api.get("/actuator/prometheus").raw().body();
        assertThat(metrics).containsPattern("ledger_compliance_flags_open\\{[^}]*rule=\"fmv-range\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("ledger_compliance_flags_open\\{[^}]*rule=\"minimum-term\"[^}]*}");
    }

    @Test
    void refusesAnAmendmentDatedInThePastNamingTheTermsSetInAdvanceRule() {
        String agreement = establishWorkedExample();
        Api.Response refused = api.post("/api/v1/agreements/" + agreement + "/amendments",
                "{\"amendmentId\":\"a1\",\"effectiveFrom\":\"{P0:01}\",\"terms\":" + Samples.workedExampleTerms() + "}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("rule").asText()).isEqualTo("terms-set-in-advance");
        assertThat(refused.json().get("citation").asText()).contains("42 C.F.R. § 1001.952(d)(1)");
        assertThat(refused.json().get("field").asText()).isEqualTo("effectiveFrom");
    }

    @Test
    void answersBadFiltersWith400Problems() {
        assertBadQuery("state=XX", "state");
        assertBadQuery("status=MAYBE", "status");
        assertBadQuery("agreementId=not%20an%20id", "agreementId");
        assertBadQuery("size=201", "size");
        assertBadQuery("page=-1", "page");
    }

    private void assertBadQuery(String query, String field) {
        Api.Response response = api.get("/api/v1/compliance/flags?" + query);
        assertThat(response.status()).as(query).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }

    private JsonNode flags(String agreement, long position) {
        return require(api.get("/api/v1/compliance/flags?agreementId=" + agreement + "&minPosition=" + position), 200).json();
    }

    /** Registers both parties and returns the worked example's establishment body for another state. */
    private String agreementIn(String agreement, String state, boolean withFmvOpinion) {
        String mso = Samples.unique("mso");
        String practice = Samples.unique("practice");
        require(api.post("/api/v1/parties", Samples.mso(mso)), 201);
        require(api.post("/api/v1/parties", Samples.practice(practice)), 201);
        String body = Samples.agreement(agreement, mso, practice, "USD", state, "{P-1:01}", Samples.workedExampleTerms());
        return withFmvOpinion ? body : body.replace("\"fmvOpinionReference\":\"FMV-2026-17\",", "");
    }

    private long events(String agreement) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?")
                .param("agreement:" + agreement).query(Long.class).single();
    }
}
