package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The read side over HTTP: statement, balances, journal, aging, reconciliation, projection status. */
class ProjectionHttpTest extends IntegrationTest {

    private Api.Response post(String agreement, String path, String body) {
        return require(api.post("/api/v1/agreements/" + agreement + path, body), 201);
    }

    private long recordOctober(String agreement) {
        post(agreement, "/fee-charges", """
                {"chargeId":"oct-billing","serviceCode":"BILLING","period":"{P-1}","effectiveDate":"{P-1:end}","basis":{"collections":"200000.00"}}""");
        post(agreement, "/fee-charges", """
                {"chargeId":"oct-hr","serviceCode":"HR","period":"{P-1}","effectiveDate":"{P-1:end}"}""");
        post(agreement, "/fee-charges", """
                {"chargeId":"oct-it","serviceCode":"IT","period":"{P-1}","effectiveDate":"{P-1:end}","basis":{"units":12}}""");
        post(agreement, "/fee-charges", """
                {"chargeId":"oct-facility","serviceCode":"FACILITY","period":"{P-1}","effectiveDate":"{P-1:end}","basis":{"cost":"8000.00"}}""");
        post(agreement, "/risk-share-accruals", """
                {"accrualId":"oct-risk","period":"{P-1}","effectiveDate":"{P-1:end}","practiceRevenue":"300000.00","practiceExpenses":"250000.00"}""");
        post(agreement, "/payments", """
                {"paymentId":"oct-wire","direction":"PRACTICE_TO_MSO","amount":"20000.00","effectiveDate":"{P-1:20}","reference":"WIRE-1"}""");
        post(agreement, "/asset-transfers", """
                {"transferId":"oct-mri","assetId":"mri-1","description":"MRI lease","category":"LEASE",
                 "fairMarketValue":"1000.00","effectiveDate":"{P-1:05}","consideration":"PAYABLE"}""");
        return post(agreement, "/distributions", """
                {"distributionId":"oct-dist","period":"{P-1}","effectiveDate":"{P-1:end}","amount":"100.01"}""").position();
    }

    @Test
    void theStatementOfTheWorkedExampleShowsEveryLineAndTiesOut() {
        String agreement = establishWorkedExample();
        long position = recordOctober(agreement);
        JsonNode statement = require(api.get("/api/v1/agreements/" + agreement + "/statement?period={P-1}&minPosition=" + position), 200).json();

        assertThat(statement.get("openingBalance").asText()).isEqualTo("0.00");
        Map<String, String> fees = new HashMap<>();
        statement.get("fees").forEach(f -> fees.put(f.get("serviceCode").asText(), f.get("total").asText()));
        assertThat(fees).containsExactlyInAnyOrderEntriesOf(Map.of("BILLING", "12000.00", "HR", "2500.00", "IT", "1800.00",
                "FACILITY", "8800.00"));
        assertThat(statement.get("fees").get(0).get("charges").get(0).get("details").get("basis").get("collections").asText())
                .isEqualTo("200000.00");
        assertThat(statement.get("riskShare").get(0).get("amount").asText()).isEqualTo("10000.00");
        assertThat(statement.get("distributionsByOwner").get(0).get("amount").asText()).isEqualTo("51.01");
        assertThat(statement.get("distributionsByOwner").get(1).get("amount").asText()).isEqualTo("49.00");
        assertThat(statement.get("assetTransfers").get(0).get("amount").asText()).isEqualTo("1000.00");
        assertThat(statement.get("payments").get(0).get("amount").asText()).isEqualTo("20000.00");

        JsonNode totals = statement.get("totals");
        assertThat(totals.get("fees").asText()).isEqualTo("25100.00");
        assertThat(totals.get("riskShare").asText()).isEqualTo("10000.00");
        assertThat(totals.get("payments").asText()).isEqualTo("-20000.00");
        assertThat(totals.get("assetTransfers").asText()).isEqualTo("-1000.00");
        assertThat(totals.get("distributions").asText()).isEqualTo("100.01");
        // 25,100 of fees + 10,000 of risk share − 20,000 paid − 1,000 owed for the asset
        assertThat(totals.get("netChange").asText()).isEqualTo("14100.00");
        assertThat(statement.get("closingBalance").asText()).isEqualTo("14100.00");
        assertThat(statement.get("tiesOut").asBoolean()).isTrue();

        JsonNode next = require(api.get("/api/v1/agreements/" + agreement + "/statement?period={P0}"), 200).json();
        assertThat(next.get("openingBalance").asText()).isEqualTo("14100.00");
    }

    @Test
    void balancesSumToAZeroTrialBalanceAndFollowTheEffectiveDate() {
        String agreement = establishWorkedExample();
        long position = recordOctober(agreement);
        JsonNode all = require(api.get("/api/v1/agreements/" + agreement + "/balances?minPosition=" + position), 200).json();
        Map<String, String> byAccount = new HashMap<>();
        all.get("accounts").forEach(a -> byAccount.put(a.get("account").asText(), a.get("balance").asText()));
        assertThat(byAccount).containsEntry("practice_receivable", "15100.00").containsEntry("practice_payable", "-1000.00")
                .containsEntry("mso_fee_revenue", "-25100.00").containsEntry("risk_share_income", "-10000.00")
                .containsEntry("cash", "20000.00").containsEntry("fixed_assets", "1000.00");
        assertThat(all.get("trialBalance").asText()).isEqualTo("0.00");

        JsonNode early = require(api.get("/api/v1/agreements/" + agreement + "/balances?asOf={P-1:10}"), 200).json();
        assertThat(early.get("accounts")).hasSize(2); // only the asset transfer of 10-05
        assertThat(early.get("trialBalance").asText()).isEqualTo("0.00");
    }

    @Test
    void knownAtShowsTheBooksAsTheyStoodAndLateEntriesOnlyAfterwards() throws Exception {
        String agreement = establishWorkedExample();
        long first = post(agreement, "/fee-charges", """
                {"chargeId":"oct-hr","serviceCode":"HR","period":"{P-1}","effectiveDate":"{P-1:end}"}""").position();
        require(api.get("/api/v1/agreements/" + agreement + "/balances?minPosition=" + first), 200);
        Instant asTheBooksStood = TestClock.INSTANCE.tick();
        long late = post(agreement, "/fee-charges", """
                {"chargeId":"oct-billing","serviceCode":"BILLING","period":"{P-1}","effectiveDate":"{P-1:end}","basis":{"collections":"100000.00"}}""")
                .position();
        require(api.get("/api/v1/agreements/" + agreement + "/balances?minPosition=" + late), 200);

        JsonNode then = require(api.get("/api/v1/agreements/" + agreement + "/statement?period={P-1}&knownAt=" + asTheBooksStood), 200).json();
        JsonNode now = require(api.get("/api/v1/agreements/" + agreement + "/statement?period={P-1}"), 200).json();
        assertThat(then.get("closingBalance").asText()).isEqualTo("2500.00");
        assertThat(then.get("fees")).hasSize(1);
        assertThat(now.get("closingBalance").asText()).isEqualTo("8500.00");
        assertThat(now.get("fees")).hasSize(2);
        assertThat(then.get("tiesOut").asBoolean()).isTrue();

        Api.Response beforeItExisted = api.get("/api/v1/agreements/" + agreement + "/statement?period={P-1}&knownAt=2020-01-01T00:00:00Z");
        assertThat(beforeItExisted.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/agreements/" + agreement + "/balances?knownAt=2020-01-01T00:00:00Z").status()).isEqualTo(404);
    }

    @Test
    void aClosedPeriodKeepsItsStatementWhileLateCorrectionsLandInTheNextPeriod() {
        String agreement = establishWorkedExample();
        post(agreement, "/fee-charges", """
                {"chargeId":"oct-hr","serviceCode":"HR","period":"{P-1}","effectiveDate":"{P-1:end}"}""");
        require(api.post("/api/v1/agreements/" + agreement + "/periods/{P-1}/close", ""), 200);
        long position = post(agreement, "/reversals", """
                {"reversalId":"fix-hr","entryId":"oct-hr","reason":"not owed","effectiveDate":"{P0:01}","correctsPeriod":"{P-1}"}""")
                .position();
        JsonNode october = require(api.get("/api/v1/agreements/" + agreement + "/statement?period={P-1}&minPosition=" + position), 200).json();
        assertThat(october.get("periodClosed").asBoolean()).isTrue();
        assertThat(october.get("closingBalance").asText()).isEqualTo("2500.00");
        JsonNode november = require(api.get("/api/v1/agreements/" + agreement + "/statement?period={P0}"), 200).json();
        assertThat(november.get("reversals").get(0).get("correctsPeriod").asText()).isEqualTo(calendar.period(-1).toString());
        assertThat(november.get("totals").get("reversals").asText()).isEqualTo("-2500.00");
        assertThat(november.get("closingBalance").asText()).isEqualTo("0.00");
    }

    @Test
    void theJournalPagesNewestFirstWithPostingsAndFilters() {
        String agreement = establishWorkedExample();
        long position = recordOctober(agreement);
        JsonNode page = require(api.get("/api/v1/agreements/" + agreement + "/entries?size=3&minPosition=" + position), 200).json();
        assertThat(page.get("total").asLong()).isEqualTo(8);
        assertThat(page.get("items")).hasSize(3);
        assertThat(page.get("items").get(0).get("entryId").asText()).isEqualTo("oct-dist");
        assertThat(page.get("items").get(0).get("postings")).hasSize(3);
        JsonNode last = require(api.get("/api/v1/agreements/" + agreement + "/entries?size=3&page=2"), 200).json();
        assertThat(last.get("items")).hasSize(2);
        JsonNode fees = require(api.get("/api/v1/agreements/" + agreement + "/entries?type=SERVICE_FEE&from={P-1:end}&to={P-1:end}"), 200).json();
        assertThat(fees.get("total").asLong()).isEqualTo(4);
        assertThat(api.get("/api/v1/agreements/" + agreement + "/entries?size=1000").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/agreements/" + agreement + "/entries?type=BRIBE").json().get("field").asText()).isEqualTo("type");
        assertThat(api.get("/api/v1/agreements/" + agreement + "/entries?from=yesterday").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/agreements/" + agreement + "/entries?page=x").status()).isEqualTo(400);
    }

    @Test
    void agingAppliesPaymentsToTheOldestChargesFirst() {
        String agreement = establishWorkedExample();
        post(agreement, "/fee-charges", """
                {"chargeId":"oct-hr","serviceCode":"HR","period":"{P-1}","effectiveDate":"{P-1:01}"}""");
        post(agreement, "/fee-charges", """
                {"chargeId":"nov-hr","serviceCode":"HR","period":"{P0}","effectiveDate":"{P0:01}"}""");
        long position = post(agreement, "/payments", """
                {"paymentId":"w1","direction":"PRACTICE_TO_MSO","amount":"1000.00","effectiveDate":"{P0:02}"}""").position();
        JsonNode aging = require(api.get("/api/v1/agreements/" + agreement + "/aging?asOf={P+1:15}&minPosition=" + position), 200).json();
        // October's 2,500 (75 days old) is paid down to 1,500; November's 2,500 is 44 days old
        assertThat(aging.get("days61to90").asText()).isEqualTo("1500.00");
        assertThat(aging.get("days31to60").asText()).isEqualTo("2500.00");
        assertThat(aging.get("current").asText()).isEqualTo("0.00");
        assertThat(aging.get("totalOpen").asText()).isEqualTo("4000.00");
    }

    @Test
    void reconciliationShowsChargedPaidAndOutstandingPerAgreement() {
        String agreement = establishWorkedExample();
        long position = recordOctober(agreement);
        JsonNode reconciliation = require(api.get("/api/v1/reconciliation?period={P-1}&size=200&minPosition=" + position), 200).json();
        JsonNode line = null;
        for (JsonNode candidate : reconciliation.get("agreements")) {
            if (candidate.get("agreementId").asText().equals(agreement)) {
                line = candidate;
            }
        }
        assertThat(line).isNotNull();
        assertThat(line.get("charged").asText()).isEqualTo("35100.00");
        assertThat(line.get("paid").asText()).isEqualTo("20000.00");
        assertThat(line.get("outstanding").asText()).isEqualTo("15100.00");
        assertThat(line.get("overpaid").asText()).isEqualTo("0.00");
        assertThat(api.get("/api/v1/reconciliation").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/reconciliation?period=2026-1").json().get("field").asText()).isEqualTo("period");
    }

    @Test
    void projectionStatusReportsPositionsHeadAndLag() {
        long position = recordOctober(establishWorkedExample());
        require(api.get("/api/v1/reconciliation?period={P-1}&minPosition=" + position), 200);
        JsonNode status = require(api.get("/api/v1/admin/projections"), 200).json();
        assertThat(status.get("projections")).extracting(p -> p.get("name").asText())
                .contains("agreements", "journal", "parties");
        JsonNode journal = require(api.get("/api/v1/admin/projections/journal"), 200).json();
        assertThat(journal.get("head").asLong()).isGreaterThanOrEqualTo(position);
        assertThat(journal.get("position").asLong()).isGreaterThanOrEqualTo(position);
        assertThat(api.get("/api/v1/admin/projections/nope").status()).isEqualTo(404);
        assertThat(api.get("/actuator/prometheus").raw().body()).contains("ledger_projection_lag_events{");
    }
}
