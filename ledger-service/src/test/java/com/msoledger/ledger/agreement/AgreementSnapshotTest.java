package com.msoledger.ledger.agreement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.agreement.FmvRange;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.api.entry.Accounts;
import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.entry.ServiceFeeCharged;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.storage.AxonJson;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agreements are snapshotted as JSON of their fields: the compliance state must survive the round trip
 * and stay small however long the agreement charges fees.
 */
class AgreementSnapshotTest {

    private static final AgreementId ID = AgreementId.of("msa-snapshot");
    private static final FeeTerm BILLING = FeeTerm.percentOfCollections("BILLING", Percent.parse("6.00"));

    @Test
    void theComplianceStateSurvivesASnapshotAndStaysBoundedOverTenYearsOfCharges() throws Exception {
        Agreement agreement = new Agreement();
        agreement.on(new AgreementEstablished(ID, PartyId.of("mso"), PartyId.of("practice"), "USD", "CA",
                LocalDate.of(2026, 10, 1), null, "FMV-1", new AgreementTerms(List.of(BILLING), null, List.of(),
                List.of(new FmvRange("BILLING", usd(100_000_00), usd(200_000_00))))));
        Period period = Period.parse("2026-10");
        for (int month = 0; month < 120; month++, period = period.next()) {
            agreement.on(charge("c" + month, period, 12_000_00));
            agreement.on(charge("d" + month, period, 1_000_00));
        }
        agreement.on(new EntryReversed(entry("r1", EntryType.REVERSAL, period.previous(), 1_000_00, true), "d119",
                EntryType.SERVICE_FEE, "entered twice"));
        agreement.on(new ComplianceFlagRaised(ID, "fmv-range:BILLING", "fmv-range", "cite", "summary", Map.of()));

        ObjectMapper snapshots = AxonJson.snapshots();
        String json = snapshots.writeValueAsString(agreement);
        Agreement restored = snapshots.readValue(json, Agreement.class);

        assertThat(snapshots.writeValueAsString(restored)).isEqualTo(json);
        assertThat(json).contains("\"openFlags\":{\"fmv-range:BILLING\":\"fmv-range\"}")
                .contains("\"chargedPeriods\":{\"BILLING\":{\"first\":\"2026-10\",\"latest\":\"2036-09\"}}")
                .contains("\"state\":\"CA\"");
        // only the last twelve periods' charges are kept (24, one of them reversed); the terms name BILLING twice more
        assertThat(json.split("\"serviceCode\":\"BILLING\"", -1).length - 1).isEqualTo(23 + 2);
        assertThat(json.length()).isLessThan(6_000);
    }

    private static ServiceFeeCharged charge(String id, Period period, long minor) {
        return new ServiceFeeCharged(entry(id, EntryType.SERVICE_FEE, period, minor, false), "BILLING", 1, BILLING,
                new FeeBasis(usd(minor * 100 / 6), null, null));
    }

    private static Entry entry(String id, EntryType type, Period period, long minor, boolean reversal) {
        Money amount = usd(minor);
        List<Posting> postings = reversal
                ? List.of(Posting.debit(Accounts.MSO_FEE_REVENUE, amount), Posting.credit(Accounts.PRACTICE_RECEIVABLE, amount))
                : List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, amount), Posting.credit(Accounts.MSO_FEE_REVENUE, amount));
        return new Entry(id, type, ID, period, period.lastDay(), amount, postings, null, "hash-" + id);
    }

    private static Money usd(long minor) {
        return Money.ofMinor(minor, "USD");
    }
}
