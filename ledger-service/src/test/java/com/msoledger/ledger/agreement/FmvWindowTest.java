package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.entry.ServiceFeeCharged;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.agreement.ComplianceChecks.Annualised;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the FMV check counts of a service's charges: at most the last 12 periods, reversals excluded. */
class FmvWindowTest {

    private static final AgreementId ID = AgreementId.of("msa-fmv-window");
    private static final FeeTerm BILLING = FeeTerm.percentOfCollections("BILLING", Percent.parse("6.00"));
    private static final Period JAN = Period.parse("2026-01");

    private final FmvWindow window = new FmvWindow();

    private static ServiceFeeCharged charge(String entryId, String service, Period period, long minor) {
        Money fee = Money.ofMinor(minor, "USD");
        Entry entry = new Entry(entryId, EntryType.SERVICE_FEE, ID, period, period.lastDay(), fee,
                EntryPostings.serviceFee(fee), null, "hash-" + entryId);
        return new ServiceFeeCharged(entry, service, 1, BILLING, new FeeBasis(Money.ofMinor(minor * 100 / 6, "USD"), null, null));
    }

    /** Charges BILLING for {@code count} consecutive periods from January 2026, period i (from 0) costing 100 × (i + 1) minor units. */
    private void chargeConsecutive(int count) {
        Period period = JAN;
        for (int i = 0; i < count; i++, period = period.next()) {
            window.charged(charge("fee-" + i, "BILLING", period, 100L * (i + 1)));
        }
    }

    private Annualised billing() {
        return window.annualised("BILLING").orElseThrow(() -> new AssertionError("BILLING has no annualised fees"));
    }

    @Test
    void hasNothingToAnnualiseForAServiceNeverCharged() {
        window.charged(charge("fee-hr", "HR", JAN, 2_500_00));

        assertThat(window.annualised("BILLING")).isEmpty();
    }

    @Test
    void annualisesASingleChargeOverOnePeriod() {
        window.charged(charge("fee-1", "BILLING", Period.parse("2026-03"), 12_000_00));

        assertThat(billing()).isEqualTo(new Annualised(Period.parse("2026-03"), Period.parse("2026-03"), 1, 12_000_00));
    }

    @ParameterizedTest(name = "{0} periods")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void annualisesEveryPeriodChargedWhileThereAreAtMostTwelve(int count) {
        chargeConsecutive(count);

        long expected = 100L * count * (count + 1) / 2;
        assertThat(billing()).isEqualTo(new Annualised(JAN, new Period(JAN.month().plusMonths(count - 1)), count, expected));
    }

    @Test
    void countsPeriodsWithoutChargesAsZero() {
        window.charged(charge("fee-jan", "BILLING", JAN, 1_000_00));
        window.charged(charge("fee-apr", "BILLING", Period.parse("2026-04"), 2_000_00));

        assertThat(billing()).isEqualTo(new Annualised(JAN, Period.parse("2026-04"), 4, 3_000_00));
    }

    @Test
    void dropsTheOldestPeriodWhenAThirteenthIsCharged() {
        chargeConsecutive(13);

        // periods 2..13 cost 200..1300: 100 × (2 + ... + 13) = 100 × 90
        assertThat(billing()).isEqualTo(new Annualised(Period.parse("2026-02"), Period.parse("2027-01"), 12, 9_000));
        assertThat(window.serviceOf("fee-0")).as("the dropped January charge").isEmpty();
        assertThat(window.serviceOf("fee-1")).as("the February charge").contains("BILLING");
    }

    @Test
    void countsOnlyTheLatestChargeAfterAGapOfMoreThanAYear() {
        window.charged(charge("fee-old", "BILLING", JAN, 1_000_00));
        window.charged(charge("fee-new", "BILLING", Period.parse("2027-06"), 500_00));

        assertThat(billing()).isEqualTo(new Annualised(Period.parse("2026-07"), Period.parse("2027-06"), 12, 500_00));
    }

    @Test
    void countsTwoChargesOfTheSamePeriod() {
        window.charged(charge("fee-a", "BILLING", JAN, 1_000_00));
        window.charged(charge("fee-b", "BILLING", JAN, 250_00));

        assertThat(billing()).isEqualTo(new Annualised(JAN, JAN, 1, 1_250_00));
    }

    @Test
    void countsALateChargeForAnEarlierPeriodInsideTheWindow() {
        chargeConsecutive(12);
        long before = billing().charged();

        window.charged(charge("fee-late", "BILLING", Period.parse("2026-05"), 7_00));

        assertThat(billing().charged()).isEqualTo(before + 7_00);
        assertThat(billing().periods()).isEqualTo(12);
    }

    @Test
    void ignoresALateChargeForAPeriodBeforeTheWindow() {
        chargeConsecutive(13);

        window.charged(charge("fee-late", "BILLING", JAN, 7_00));

        assertThat(billing()).isEqualTo(new Annualised(Period.parse("2026-02"), Period.parse("2027-01"), 12, 9_000));
        assertThat(window.serviceOf("fee-late")).isEmpty();
    }

    @Test
    void noLongerCountsAReversedCharge() {
        chargeConsecutive(3);

        window.reversed("fee-1");

        // 100 + 300; the reversed February still spans the window
        assertThat(billing()).isEqualTo(new Annualised(JAN, Period.parse("2026-03"), 3, 400));
        assertThat(window.serviceOf("fee-1")).isEmpty();
    }

    @Test
    void ignoresTheReversalOfAnEntryThatIsNoCountedCharge() {
        chargeConsecutive(3);

        window.reversed("payment-1");

        assertThat(billing().charged()).isEqualTo(600);
    }

    @Test
    void tellsTheServiceOfACountedCharge() {
        window.charged(charge("fee-hr", "HR", JAN, 2_500_00));
        window.charged(charge("fee-billing", "BILLING", JAN, 1_000_00));

        assertThat(window.serviceOf("fee-hr")).contains("HR");
        assertThat(window.serviceOf("fee-billing")).contains("BILLING");
        assertThat(window.serviceOf("payment-1")).isEmpty();
    }

    @Test
    void keepsEachServicesChargesApart() {
        window.charged(charge("fee-hr", "HR", JAN, 2_500_00));
        chargeConsecutive(13);

        assertThat(window.annualised("HR")).contains(new Annualised(JAN, JAN, 1, 2_500_00));
        assertThat(window.serviceOf("fee-hr")).as("another service's window moving on").contains("HR");
    }
}
