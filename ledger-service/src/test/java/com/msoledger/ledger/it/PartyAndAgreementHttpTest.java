package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestTokens;
import com.msoledger.ledger.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Parties and agreements over HTTP, on real PostgreSQL: the happy path and every refusal. */
class PartyAndAgreementHttpTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void registersPartiesAndReadsThemBackFromTheProjection() {
        String mso = Samples.unique("mso");
        Api.Response created = require(api.post("/api/v1/parties", Samples.mso(mso)), 201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/parties/" + mso);
        assertThat(created.json().get("owners").get(0).get("stake").asText()).isEqualTo("100.00");

        Api.Response read = require(api.get("/api/v1/parties/" + mso + "?minPosition=" + created.position()), 200);
        assertThat(read.json().get("kind").asText()).isEqualTo("MSO");
        assertThat(read.json().get("legalName").asText()).isEqualTo("Acme Management Services LLC");
        assertThat(read.json().get("registeredAt").asText()).isEqualTo(created.json().get("registeredAt").asText());
    }

    @Test
    void establishesTheWorkedExampleAgreementAndListsIt() {
        String mso = Samples.unique("mso");
        String practice = Samples.unique("practice");
        String agreement = Samples.unique("msa");
        require(api.post("/api/v1/parties", Samples.mso(mso)), 201);
        require(api.post("/api/v1/parties", Samples.practice(practice)), 201);
        Api.Response created = require(api.post("/api/v1/agreements", Samples.agreement(agreement, mso, practice)), 201);

        Api.Response read = require(api.get("/api/v1/agreements/" + agreement + "?minPosition=" + created.position()), 200);
        JsonNode terms = read.json().get("termsVersions").get(0).get("terms");
        assertThat(terms.get("feeSchedule").get(0).get("rate").asText()).isEqualTo("6.00");
        assertThat(terms.get("feeSchedule").get(1).get("amount").asText()).isEqualTo("2500.00");
        assertThat(terms.get("riskSharing").get("corridorCap").asText()).isEqualTo("50000.00");
        assertThat(read.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(read.json().get("currency").asText()).isEqualTo("USD");

        Api.Response list = require(api.get("/api/v1/agreements?practiceId=" + practice), 200);
        assertThat(list.json().get("total").asLong()).isEqualTo(1);
        assertThat(list.json().get("items").get(0).get("agreementId").asText()).isEqualTo(agreement);
    }

    @Test
    void amendsFromAFutureMonthAndTerminates() {
        String agreement = establishWorkedExample();
        String amendment = """
                {"amendmentId":"amd-1","effectiveFrom":"2099-01-01","terms":%s}""".formatted(Samples.workedExampleTerms()
                .replace("\"2500.00\"", "\"2750.00\""));
        Api.Response amended = require(api.post("/api/v1/agreements/" + agreement + "/amendments", amendment), 201);
        assertThat(amended.json().get("version").asInt()).isEqualTo(2);
        // the same amendment again is answered with the original, not recorded twice
        Api.Response again = require(api.post("/api/v1/agreements/" + agreement + "/amendments", amendment), 201);
        assertThat(again.json().get("recordedAt").asText()).isEqualTo(amended.json().get("recordedAt").asText());

        Api.Response ended = require(api.post("/api/v1/agreements/" + agreement + "/termination",
                "{\"effectiveTo\":\"2099-06-30\",\"reason\":\"practice sold\"}"), 200);
        Api.Response read = require(api.get("/api/v1/agreements/" + agreement + "?minPosition=" + ended.position()), 200);
        assertThat(read.json().get("status").asText()).isEqualTo("TERMINATED");
        assertThat(read.json().get("effectiveTo").asText()).isEqualTo("2099-06-30");
        assertThat(read.json().get("termsVersions")).hasSize(2);
        assertThat(jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?")
                .param("agreement:" + agreement).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void refusesAnAgreementWithAnUnknownParty() {
        String practice = Samples.unique("practice");
        require(api.post("/api/v1/parties", Samples.practice(practice)), 201);
        Api.Response refused = api.post("/api/v1/agreements", Samples.agreement(Samples.unique("msa"), "nobody", practice));
        assertProblem(refused, 422, "msoId");
        assertThat(refused.json().get("type").asText()).endsWith("/unknown-party");
    }

    @Test
    void refusesAPracticeRegisteredAsTheMso() {
        String practice = Samples.unique("practice");
        String other = Samples.unique("practice");
        require(api.post("/api/v1/parties", Samples.practice(practice)), 201);
        require(api.post("/api/v1/parties", Samples.practice(other)), 201);
        Api.Response refused = api.post("/api/v1/agreements", Samples.agreement(Samples.unique("msa"), other, practice));
        assertProblem(refused, 422, "msoId");
        assertThat(refused.json().get("type").asText()).endsWith("/wrong-party-kind");
    }

    @Test
    void refusesOwnersWhoseStakesDoNotSumTo100() {
        Api.Response refused = api.post("/api/v1/parties", Samples.practice(Samples.unique("p")).replace("\"49.00\"", "\"48.99\""));
        assertProblem(refused, 422, "owners");
        assertThat(refused.json().get("detail").asText()).contains("99.99");
    }

    @Test
    void refusesAmountsSentAsJsonNumbers() {
        Api.Response refused = api.post("/api/v1/agreements", Samples.agreement(Samples.unique("msa"), "m", "p")
                .replace("\"2500.00\"", "2500.00"));
        assertProblem(refused, 400, "terms.feeSchedule[1].amount");
    }

    @Test
    void refusesAmountsWithTheWrongScale() {
        Api.Response refused = api.post("/api/v1/agreements", Samples.agreement(Samples.unique("msa"), "m", "p")
                .replace("\"2500.00\"", "\"2500.0\""));
        assertProblem(refused, 400, "terms.feeSchedule[1].amount");
    }

    @Test
    void refusesAnUnknownCurrency() {
        Api.Response refused = api.post("/api/v1/agreements", Samples.agreement(Samples.unique("msa"), "m", "p", "XYZ", "CA",
                "{P-1:01}", Samples.workedExampleTerms()));
        assertProblem(refused, 400, "currency");
    }

    @Test
    void refusesAnAgreementIdThatExists() {
        String agreement = establishWorkedExample();
        String mso = Samples.unique("mso");
        String practice = Samples.unique("practice");
        require(api.post("/api/v1/parties", Samples.mso(mso)), 201);
        require(api.post("/api/v1/parties", Samples.practice(practice)), 201);
        Api.Response refused = api.post("/api/v1/agreements", Samples.agreement(agreement, mso, practice));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesAPartyIdThatExists() {
        String mso = Samples.unique("mso");
        require(api.post("/api/v1/parties", Samples.mso(mso)), 201);
        Api.Response refused = api.post("/api/v1/parties", Samples.mso(mso));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/already-exists");
    }

    @Test
    void answersUnknownIdsWith404Problems() {
        assertThat(api.get("/api/v1/agreements/no-such-agreement").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/parties/no-such-party").contentType()).startsWith("application/problem+json");
        Api.Response amend = api.post("/api/v1/agreements/no-such-agreement/amendments",
                "{\"amendmentId\":\"a1\",\"effectiveFrom\":\"2099-01-01\",\"terms\":" + Samples.workedExampleTerms() + "}");
        assertThat(amend.status()).isEqualTo(404);
        assertThat(amend.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesUnknownFieldsDuplicateKeysAndMalformedJson() {
        assertProblem(api.post("/api/v1/parties", Samples.mso(Samples.unique("m")).replace("\"kind\"", "\"admin\":true,\"kind\"")),
                400, "admin");
        assertThat(api.post("/api/v1/parties", "{\"partyId\":\"a\",\"partyId\":\"b\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/parties", "{\"partyId\":").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/parties", Samples.mso(Samples.unique("m")) + "garbage").status()).isEqualTo(400);
        Api.Response wrongType = api.post("/api/v1/parties", "[1,2]");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.contentType()).startsWith("application/problem+json");
    }

    @Test
    void namesEveryMissingFieldAtOnce() {
        Api.Response refused = api.post("/api/v1/parties", "{}");
        assertProblem(refused, 400, "partyId");
        assertThat(refused.json().get("errors")).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void recordsActorAndCorrelationIdInEveryEventsMetadata() throws Exception {
        String mso = Samples.unique("mso");
        Api.Response created = api.post("/api/v1/parties", Samples.mso(mso), "Authorization",
                TestTokens.bearer(TestTokens.token("alice@acme", Role.FINANCE)), "X-Correlation-Id", "corr-42");
        require(created, 201);
        assertThat(created.header("X-Correlation-Id")).isEqualTo("corr-42");
        byte[] metadata = jdbc.sql("select meta_data from domain_event_entry where aggregate_identifier = ?")
                .param("party:" + mso).query(byte[].class).single();
        JsonNode meta = new ObjectMapper().readTree(metadata);
        assertThat(meta.get("actor").asText()).isEqualTo("alice@acme");
        assertThat(meta.get("correlationId").asText()).isEqualTo("corr-42");
        assertThat(meta.get("recordedAt").asText()).isNotBlank();
    }

    private static void assertProblem(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }
}
