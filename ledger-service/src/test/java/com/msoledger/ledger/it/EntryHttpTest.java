package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The money flows over HTTP on real PostgreSQL: the worked example and every refusal. */
class EntryHttpTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private String base(String agreement) {
        return "/api/v1/agreements/" + agreement;
    }

    private Api.Response fee(String agreement, String id, String service, String basis) {
        return api.post(base(agreement) + "/fee-charges", """
                {"chargeId":"%s","serviceCode":"%s","period":"{P-1}","effectiveDate":"{P-1:end}"%s}"""
                .formatted(id, service, basis == null ? "" : ",\"basis\":" + basis));
    }

    private Api.Response accrual(String agreement, String id, String revenue, String expenses) {
        return api.post(base(agreement) + "/risk-share-accruals", """
                {"accrualId":"%s","period":"{P-1}","effectiveDate":"{P-1:end}","practiceRevenue":"%s","practiceExpenses":"%s"}"""
                .formatted(id, revenue, expenses));
    }

    private Api.Response reversal(String agreement, String id, String entryId, String date) {
        return api.post(base(agreement) + "/reversals", """
                {"reversalId":"%s","entryId":"%s","reason":"entered twice","effectiveDate":"%s"}""".formatted(id, entryId, date));
    }

    @Test
    void theWorkedExampleComputesEveryFeeAndTheRiskShare() {
        String agreement = establishWorkedExample();
        assertEntry(require(fee(agreement, "oct-billing", "BILLING", "{\"collections\":\"200000.00\"}"), 201), "12000.00");
        assertEntry(require(fee(agreement, "oct-hr", "HR", null), 201), "2500.00");
        assertEntry(require(fee(agreement, "oct-it", "IT", "{\"units\":12}"), 201), "1800.00");
        assertEntry(require(fee(agreement, "oct-facility", "FACILITY", "{\"cost\":\"8000.00\"}"), 201), "8800.00");
        Api.Response gain = require(accrual(agreement, "oct-risk", "300000.00", "250000.00"), 201);
        assertEntry(gain, "10000.00");
        assertThat(gain.json().get("details").get("owed").asText()).isEqualTo("PRACTICE_TO_MSO");
        assertThat(gain.json().get("postings").get(1).get("account").asText()).isEqualTo("risk_share_income");
    }

    @Test
    void aLossIsOwedByTheMsoUpToTheCorridorFloor() {
        String agreement = establishWorkedExample();
        Api.Response loss = require(accrual(agreement, "oct-risk", "100000.00", "300000.00"), 201);
        assertEntry(loss, "25000.00");
        JsonNode details = loss.json().get("details");
        assertThat(details.get("owed").asText()).isEqualTo("MSO_TO_PRACTICE");
        assertThat(details.get("computedShare").asText()).isEqualTo("-40000.00");
        assertThat(details.get("clamped").asBoolean()).isTrue();
        assertThat(loss.json().get("postings").get(0).get("account").asText()).isEqualTo("risk_share_expense");
    }

    @Test
    void entriesCarryBalancedPostingsAndTheInputsThatExplainThem() {
        String agreement = establishWorkedExample();
        Api.Response charged = require(fee(agreement, "oct-billing", "BILLING", "{\"collections\":\"200000.00\"}"), 201);
        JsonNode entry = charged.json();
        assertThat(entry.get("postings")).hasSize(2);
        assertThat(entry.get("postings").get(0).get("side").asText()).isEqualTo("DEBIT");
        assertThat(entry.get("postings").get(0).get("account").asText()).isEqualTo("practice_receivable");
        assertThat(entry.get("postings").get(1).get("side").asText()).isEqualTo("CREDIT");
        assertThat(entry.get("details").get("term").get("rate").asText()).isEqualTo("6.00");
        assertThat(entry.get("details").get("basis").get("collections").asText()).isEqualTo("200000.00");
        assertThat(entry.get("details").get("termsVersion").asInt()).isEqualTo(1);
        assertThat(entry.get("recordedAt").asText()).isNotBlank();
        assertThat(charged.position()).isEqualTo(entry.get("position").asLong());
    }

    @Test
    void distributionsSplitByStakeWithCentsThatSumExactly() {
        String agreement = establishWorkedExample();
        require(fee(agreement, "oct-billing", "BILLING", "{\"collections\":\"200000.00\"}"), 201);
        Api.Response split = require(api.post(base(agreement) + "/distributions", """
                {"distributionId":"d1","period":"{P-1}","effectiveDate":"{P-1:end}","amount":"100.01"}"""), 201);
        JsonNode shares = split.json().get("details").get("shares");
        assertThat(shares.get(0).get("amount").asText()).isEqualTo("51.01");
        assertThat(shares.get(1).get("amount").asText()).isEqualTo("49.00");
        Api.Response tooMuch = api.post(base(agreement) + "/distributions", """
                {"distributionId":"d2","period":"{P-1}","effectiveDate":"{P-1:end}","amount":"11900.00"}""");
        assertProblem(tooMuch, 422, "amount", "exceeds-undistributed-profit");
        assertThat(tooMuch.json().get("detail").asText()).contains("11899.99");
    }

    @Test
    void assetsMoveOnceAtFairMarketValue() {
        String agreement = establishWorkedExample();
        String transfer = """
                {"transferId":"%s","assetId":"mri-1","description":"MRI lease and front-office equipment",
                 "category":"MEDICAL_EQUIPMENT","fairMarketValue":"180000.00","effectiveDate":"{P-1:15}","consideration":"PAYABLE"}""";
        Api.Response moved = require(api.post(base(agreement) + "/asset-transfers", transfer.formatted("t1")), 201);
        assertThat(moved.json().get("postings").get(1).get("account").asText()).isEqualTo("practice_payable");
        assertProblem(api.post(base(agreement) + "/asset-transfers", transfer.formatted("t2")), 422, "assetId",
                "asset-already-transferred");
    }

    @Test
    void paymentsSettleEitherWayAndOverpaymentIsAllowed() {
        String agreement = establishWorkedExample();
        require(fee(agreement, "oct-hr", "HR", null), 201);
        Api.Response paid = require(api.post(base(agreement) + "/payments", """
                {"paymentId":"p1","direction":"PRACTICE_TO_MSO","amount":"3000.00","effectiveDate":"{P-1:20}","reference":"WIRE-881"}"""),
                201);
        assertThat(paid.json().get("postings").get(0).get("account").asText()).isEqualTo("cash");
        Api.Response refund = require(api.post(base(agreement) + "/payments", """
                {"paymentId":"p2","direction":"MSO_TO_PRACTICE","amount":"500.00","effectiveDate":"{P-1:21}"}"""), 201);
        assertThat(refund.json().get("postings").get(0).get("account").asText()).isEqualTo("practice_payable");
    }

    @Test
    void aReversalPostsTheExactOppositeOnceAndCannotItselfBeReversed() {
        String agreement = establishWorkedExample();
        require(fee(agreement, "oct-hr", "HR", null), 201);
        Api.Response reversed = require(reversal(agreement, "rev-1", "oct-hr", "{P-1:end}"), 201);
        assertThat(reversed.json().get("postings").get(0).get("side").asText()).isEqualTo("CREDIT");
        assertThat(reversed.json().get("details").get("reversedEntryId").asText()).isEqualTo("oct-hr");
        assertProblem(reversal(agreement, "rev-2", "oct-hr", "{P-1:end}"), 422, "entryId", "already-reversed");
        assertProblem(reversal(agreement, "rev-3", "rev-1", "{P-1:end}"), 422, "entryId", "cannot-reverse-reversal");
        assertProblem(reversal(agreement, "rev-4", "no-such-entry", "{P-1:end}"), 422, "entryId", "unknown-entry");
        // the fixed fee may be charged again once its first charge is reversed
        require(fee(agreement, "oct-hr-2", "HR", null), 201);
    }

    @Test
    void refusesFeesThatTheTermsDoNotAllow() {
        String agreement = establishWorkedExample();
        assertProblem(fee(agreement, "x1", "LEGAL", null), 422, "serviceCode", "unknown-service");
        assertProblem(fee(agreement, "x2", "BILLING", "{\"units\":3}"), 422, "basis.units", "basis-not-applicable");
        assertProblem(fee(agreement, "x3", "HR", "{\"cost\":\"10.00\"}"), 422, "basis.cost", "basis-not-applicable");
        require(fee(agreement, "x4", "HR", null), 201);
        assertProblem(fee(agreement, "x5", "HR", null), 422, "period", "fixed-fee-already-charged");
        assertProblem(fee(agreement, "x6", "IT", "{\"units\":1.5}"), 400, "basis.units", "malformed-body");
    }

    @Test
    void refusesASecondAccrualForThePeriodAndAmountsThatAreNotDecimalStrings() {
        String agreement = establishWorkedExample();
        require(accrual(agreement, "r1", "300000.00", "250000.00"), 201);
        assertProblem(accrual(agreement, "r2", "300000.00", "250000.00"), 422, "period", "period-already-accrued");
        assertProblem(accrual(agreement, "r3", "300000.0", "250000.00"), 400, "practiceRevenue", "invalid-input");
        assertProblem(api.post(base(agreement) + "/risk-share-accruals", """
                {"accrualId":"r4","period":"{P-1}","effectiveDate":"{P-1:end}","practiceRevenue":300000.00,"practiceExpenses":"1.00"}"""),
                400, "practiceRevenue", "malformed-body");
        assertProblem(accrual(agreement, "r5", "99999999999999999999.00", "1.00"), 400, "practiceRevenue", "invalid-input");
    }

    @Test
    void aRetryReturnsTheOriginalEntryAndAReusedIdWithOtherContentIsAConflict() {
        String agreement = establishWorkedExample();
        Api.Response first = require(fee(agreement, "oct-billing", "BILLING", "{\"collections\":\"200000.00\"}"), 201);
        Api.Response retry = require(fee(agreement, "oct-billing", "BILLING", "{\"collections\":\"200000.00\"}"), 201);
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertProblem(fee(agreement, "oct-billing", "BILLING", "{\"collections\":\"100000.00\"}"), 409, "chargeId", "id-reused");
        assertThat(jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?")
                .param("agreement:" + agreement).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void closedPeriodsRefuseEntriesAndCorrectionsGoToTheNextOpenPeriod() {
        String agreement = establishWorkedExample();
        require(fee(agreement, "oct-hr", "HR", null), 201);
        assertProblem(api.post(base(agreement) + "/periods/{P0}/close", ""), 422, "period", "periods-close-in-order");
        require(api.post(base(agreement) + "/periods/{P-1}/close", ""), 200);
        // closing it again is answered, not refused
        require(api.post(base(agreement) + "/periods/{P-1}/close", ""), 200);
        Api.Response late = fee(agreement, "oct-it", "IT", "{\"units\":12}");
        assertProblem(late, 422, "effectiveDate", "period-closed");
        assertThat(late.json().get("detail").asText()).contains(calendar.period(-1).toString());
        Api.Response correction = require(api.post(base(agreement) + "/reversals", """
                {"reversalId":"rev-oct-hr","entryId":"oct-hr","reason":"not owed","effectiveDate":"{P0:05}","correctsPeriod":"{P-1}"}"""),
                201);
        assertThat(correction.json().get("correctsPeriod").asText()).isEqualTo(calendar.period(-1).toString());
        assertProblem(api.post(base(agreement) + "/periods/{P0}/close", ""), 422, "period", "period-not-ended");
        assertProblem(api.post(base(agreement) + "/periods/2026-13/close", ""), 400, "period", "invalid-input");
    }

    @Test
    void refusesEntriesOutsideTheAgreementsTerm() {
        String agreement = establishWorkedExample();
        assertProblem(api.post(base(agreement) + "/payments", """
                {"paymentId":"p0","direction":"PRACTICE_TO_MSO","amount":"10.00","effectiveDate":"{P-2:end}"}"""),
                422, "effectiveDate", "before-agreement-start");
        require(api.post(base(agreement) + "/termination", "{\"effectiveTo\":\"2099-01-31\",\"reason\":\"sold\"}"), 200);
        assertProblem(api.post(base(agreement) + "/payments", """
                {"paymentId":"p1","direction":"PRACTICE_TO_MSO","amount":"10.00","effectiveDate":"2099-02-01"}"""),
                422, "effectiveDate", "after-agreement-end");
    }

    @Test
    void answersUnknownAgreementsWith404() {
        Api.Response missing = fee("no-such-agreement", "c1", "HR", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }

    private static void assertEntry(Api.Response response, String amount) {
        assertThat(response.json().get("amount").asText()).isEqualTo(amount);
        assertThat(response.json().get("currency").asText()).isEqualTo("USD");
    }

    private static void assertProblem(Api.Response response, int status, String field, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("type").asText()).endsWith("/" + type);
    }
}
