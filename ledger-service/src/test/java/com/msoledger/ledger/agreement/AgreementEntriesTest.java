package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.agreement.RiskSharingTerms;
import com.msoledger.api.entry.Accounts;
import com.msoledger.api.entry.AccrueRiskShare;
import com.msoledger.api.entry.AssetCategory;
import com.msoledger.api.entry.AssetTransferred;
import com.msoledger.api.entry.ChargeServiceFee;
import com.msoledger.api.entry.ClosePeriod;
import com.msoledger.api.entry.Consideration;
import com.msoledger.api.entry.DistributeProfit;
import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryCommand;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.entry.Owed;
import com.msoledger.api.entry.OwnerShare;
import com.msoledger.api.entry.PaymentDirection;
import com.msoledger.api.entry.PaymentRecorded;
import com.msoledger.api.entry.PeriodClosed;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.entry.ProfitDistributed;
import com.msoledger.api.entry.RecordPayment;
import com.msoledger.api.entry.ReverseEntry;
import com.msoledger.api.entry.RiskShareAccrued;
import com.msoledger.api.entry.ServiceFeeCharged;
import com.msoledger.api.entry.Side;
import com.msoledger.api.entry.TransferAsset;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.api.party.Owner;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.compliance.RulesFile;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.msoledger.ledger.common.RuleViolationMatchers.conflict;
import static com.msoledger.ledger.common.RuleViolationMatchers.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The money flows of an agreement, one rule per test, on the worked example: BILLING 6.00% of
 * collections, HR 2500.00 a month, IT 150.00 per provider, FACILITY cost + 10.00%; the MSO shares
 * 20.00% of the practice's result within a 50000.00 cap and a 25000.00 floor; profit goes 51.00/49.00
 * to the physician owners and the investor. The agreement starts on 2026-10-01; today is 2026-11-29.
 */
class AgreementEntriesTest {

    private static final AgreementId AGREEMENT_ID = AgreementId.of("msa-westside-harbor");
    private static final PartyId MSO_ID = PartyId.of("mso-westside");
    private static final PartyId PRACTICE_ID = PartyId.of("practice-harbor");
    private static final Map<PartyId, PartyKind> REGISTERED = Map.of(MSO_ID, PartyKind.MSO, PRACTICE_ID, PartyKind.PRACTICE);

    /** "Today": it decides which periods have ended; entries are dated by their own effectiveDate. */
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final LocalDate START = LocalDate.of(2026, 10, 1);
    private static final String OCTOBER = "2026-10";
    private static final String END_OF_OCTOBER = "2026-10-31";

    private static final FeeTerm BILLING = FeeTerm.percentOfCollections("BILLING", pct("6.00"));
    private static final FeeTerm HR = FeeTerm.fixedMonthly("HR", usd("2500.00"));
    private static final FeeTerm IT = FeeTerm.perUnit("IT", usd("150.00"), "provider");
    private static final FeeTerm FACILITY = FeeTerm.costPlus("FACILITY", pct("10.00"));
    private static final RiskSharingTerms RISK_SHARING = new RiskSharingTerms(pct("20.00"), usd("50000.00"), usd("25000.00"));
    private static final Owner PHYSICIANS = new Owner("physicians", "Harbor Physician Owners", pct("51.00"));
    private static final Owner INVESTOR = new Owner("investor", "Summit Health Partners LP", pct("49.00"));

    private FixtureConfiguration<Agreement> fixture;
    private InMemoryEntryBook book;

    @BeforeEach
    void setUp() {
        book = new InMemoryEntryBook(AGREEMENT_ID);
        fixture = new AggregateTestFixture<>(Agreement.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource((PartyDirectory) id -> Optional.ofNullable(REGISTERED.get(id)));
        fixture.registerInjectableResource(book);
        fixture.registerInjectableResource(RulesFile.standard());
    }

    // ------------------------------------------------------------ the worked example, October 2026

    @Test
    void chargesBillingAtSixPercentOfCollections() {
        ChargeServiceFee command = charge("fee-billing-2026-10", "BILLING", OCTOBER, END_OF_OCTOBER, collections("200000.00"));
        Entry entry = new Entry("fee-billing-2026-10", EntryType.SERVICE_FEE, AGREEMENT_ID, Period.parse(OCTOBER),
                LocalDate.of(2026, 10, 31), usd("12000.00"),
                List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, usd("12000.00")),
                        Posting.credit(Accounts.MSO_FEE_REVENUE, usd("12000.00"))),
                null, command.requestHash());

        given(established())
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ServiceFeeCharged(entry, "BILLING", 1, BILLING, collections("200000.00")))
                .expectResultMessagePayload(EntryOutcome.recorded("fee-billing-2026-10"));
    }

    @Test
    void chargesHrItsFixedMonthlyAmountWithoutABasis() {
        ChargeServiceFee command = charge("fee-hr-2026-10", "HR", OCTOBER, END_OF_OCTOBER, null);

        given(established())
                .when(command)
                .expectEvents(feeCharged(command, HR, 1, "2500.00"));
    }

    @Test
    void chargesItPerProvider() {
        ChargeServiceFee command = charge("fee-it-2026-10", "IT", OCTOBER, END_OF_OCTOBER, units(12));

        given(established())
                .when(command)
                .expectEvents(feeCharged(command, IT, 1, "1800.00"));
    }

    @Test
    void chargesFacilitiesAtCostPlusTenPercent() {
        ChargeServiceFee command = charge("fee-facility-2026-10", "FACILITY", OCTOBER, END_OF_OCTOBER, cost("8000.00"));

        given(established())
                .when(command)
                .expectEvents(feeCharged(command, FACILITY, 1, "8800.00"));
    }

    @Test
    void accruesTwentyPercentOfAGainAsOwedByThePractice() {
        AccrueRiskShare command = accrue("risk-2026-10", OCTOBER, END_OF_OCTOBER, "300000.00", "250000.00");

        given(established())
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEvents(riskShareAccrued(command, "50000.00", "10000.00", "10000.00", false, Owed.PRACTICE_TO_MSO,
                        Posting.debit(Accounts.PRACTICE_RECEIVABLE, usd("10000.00")),
                        Posting.credit(Accounts.RISK_SHARE_INCOME, usd("10000.00"))))
                .expectResultMessagePayload(EntryOutcome.recorded("risk-2026-10"));
    }

    @Test
    void accruesALossOnlyUpToTheCorridorFloorAsOwedByTheMso() {
        AccrueRiskShare command = accrue("risk-2026-10", OCTOBER, END_OF_OCTOBER, "100000.00", "300000.00");

        given(established())
                .when(command)
                .expectEvents(riskShareAccrued(command, "-200000.00", "-40000.00", "25000.00", true, Owed.MSO_TO_PRACTICE,
                        Posting.debit(Accounts.RISK_SHARE_EXPENSE, usd("25000.00")),
                        Posting.credit(Accounts.PRACTICE_PAYABLE, usd("25000.00"))));
    }

    @Test
    void capsTheShareOfAGainAtTheCorridorCap() {
        AccrueRiskShare command = accrue("risk-2026-10", OCTOBER, END_OF_OCTOBER, "600000.00", "300000.00");

        given(established())
                .when(command)
                .expectEvents(riskShareAccrued(command, "300000.00", "60000.00", "50000.00", true, Owed.PRACTICE_TO_MSO,
                        Posting.debit(Accounts.PRACTICE_RECEIVABLE, usd("50000.00")),
                        Posting.credit(Accounts.RISK_SHARE_INCOME, usd("50000.00"))));
    }

    @Test
    void doesNotCallAShareExactlyAtTheCapClamped() {
        AccrueRiskShare command = accrue("risk-2026-10", OCTOBER, END_OF_OCTOBER, "500000.00", "250000.00");

        given(established())
                .when(command)
                .expectEvents(riskShareAccrued(command, "250000.00", "50000.00", "50000.00", false, Owed.PRACTICE_TO_MSO,
                        Posting.debit(Accounts.PRACTICE_RECEIVABLE, usd("50000.00")),
                        Posting.credit(Accounts.RISK_SHARE_INCOME, usd("50000.00"))));
    }

    @Test
    void accruesNothingWithoutPostingsForAResultOfExactlyZero() {
        AccrueRiskShare command = accrue("risk-2026-10", OCTOBER, END_OF_OCTOBER, "250000.00", "250000.00");

        given(established())
                .when(command)
                .expectEvents(riskShareAccrued(command, "0.00", "0.00", "0.00", false, Owed.NOTHING));
    }

    // ------------------------------------------------------------ service fees

    @Test
    void refusesAServiceThatIsNotInTheTerms() {
        given(established())
                .when(charge("fee-legal-2026-10", "LEGAL", OCTOBER, END_OF_OCTOBER, null))
                .expectNoEvents()
                .expectException(violation("unknown-service", "serviceCode"));
    }

    @Test
    void refusesUnitsAsTheBasisOfAPercentOfCollectionsFee() {
        given(established())
                .when(charge("fee-billing-2026-10", "BILLING", OCTOBER, END_OF_OCTOBER,
                        new FeeBasis(usd("200000.00"), 12L, null)))
                .expectNoEvents()
                .expectException(violation("basis-not-applicable", "basis.units"));
    }

    @Test
    void refusesAPercentOfCollectionsFeeWithoutCollections() {
        given(established())
                .when(charge("fee-billing-2026-10", "BILLING", OCTOBER, END_OF_OCTOBER, null))
                .expectNoEvents()
                .expectException(violation("basis-missing", "basis.collections"));
    }

    @Test
    void refusesABasisOnAFixedMonthlyFee() {
        given(established())
                .when(charge("fee-hr-2026-10", "HR", OCTOBER, END_OF_OCTOBER, collections("200000.00")))
                .expectNoEvents()
                .expectException(violation("basis-not-applicable", "basis.collections"));
    }

    @Test
    void refusesZeroUnitsOfAPerUnitFee() {
        given(established())
                .when(charge("fee-it-2026-10", "IT", OCTOBER, END_OF_OCTOBER, units(0)))
                .expectNoEvents()
                .expectException(violation("invalid-units", "basis.units"));
    }

    @Test
    void refusesASecondFixedMonthlyChargeForTheSameServiceAndPeriod() {
        given(established(), feeCharged(charge("fee-hr-2026-10", "HR", OCTOBER, "2026-10-15", null), HR, 1, "2500.00"))
                .when(charge("fee-hr-2026-10-again", "HR", OCTOBER, END_OF_OCTOBER, null))
                .expectNoEvents()
                .expectException(violation("fixed-fee-already-charged", "period"));
    }

    @Test
    void chargesAFixedMonthlyFeeAgainOnceTheFirstChargeWasReversed() {
        ServiceFeeCharged first = feeCharged(charge("fee-hr-2026-10", "HR", OCTOBER, "2026-10-15", null), HR, 1, "2500.00");
        EntryReversed reversal = reversed(reverse("rev-hr-2026-10", "fee-hr-2026-10", "2026-10-20"), first);
        ChargeServiceFee again = charge("fee-hr-2026-10-again", "HR", OCTOBER, END_OF_OCTOBER, null);

        given(established(), first, reversal)
                .when(again)
                .expectEvents(feeCharged(again, HR, 1, "2500.00"));
    }

    @Test
    void chargesAFixedMonthlyFeeOncePerPeriodNotOncePerAgreement() {
        ChargeServiceFee november = charge("fee-hr-2026-11", "HR", "2026-11", "2026-11-15", null);

        given(established(), feeCharged(charge("fee-hr-2026-10", "HR", OCTOBER, "2026-10-15", null), HR, 1, "2500.00"))
                .when(november)
                .expectEvents(feeCharged(november, HR, 1, "2500.00"));
    }

    @Test
    void refusesAFeeThatRoundsToZero() {
        // 6.00% of 0.08 is 0.0048, which rounds to 0.00
        given(established())
                .when(charge("fee-billing-2026-10", "BILLING", OCTOBER, END_OF_OCTOBER, collections("0.08")))
                .expectNoEvents()
                .expectException(violation("zero-fee", "basis"));
    }

    @Test
    void roundsAComputedFeeHalfToEven() {
        // 6.00% of 0.75 is 0.045: HALF_EVEN gives 0.04 where HALF_UP would give 0.05
        ChargeServiceFee command = charge("fee-billing-2026-10", "BILLING", OCTOBER, END_OF_OCTOBER, collections("0.75"));

        given(established())
                .when(command)
                .expectEvents(feeCharged(command, BILLING, 1, "0.04"));
    }

    @Test
    void chargesDecemberUnderTermsVersion1ThoughVersion2IsRecorded() {
        ChargeServiceFee december = charge("fee-hr-2026-12", "HR", "2026-12", "2026-12-31", null);

        given(established(), hrRaisedFromJanuary())
                .when(december)
                .expectEvents(feeCharged(december, HR, 1, "2500.00"));
    }

    @Test
    void chargesJanuaryUnderTermsVersion2AtTheAmendedAmount() {
        ChargeServiceFee january = charge("fee-hr-2027-01", "HR", "2027-01", "2027-01-31", null);

        given(established(), hrRaisedFromJanuary())
                .when(january)
                .expectEvents(feeCharged(january, FeeTerm.fixedMonthly("HR", usd("2750.00")), 2, "2750.00"));
    }

    @Test
    void chargesADecemberServiceDatedInJanuaryUnderDecembersTerms() {
        ChargeServiceFee december = charge("fee-hr-2026-12", "HR", "2026-12", "2027-01-05", null);

        given(established(), hrRaisedFromJanuary())
                .when(december)
                .expectEvents(feeCharged(december, HR, 1, "2500.00"));
    }

    // ------------------------------------------------------------ risk share

    @Test
    void refusesAnAccrualWhenTheTermsShareNoRisk() {
        given(established(terms(null, List.of(PHYSICIANS, INVESTOR))))
                .when(accrue("risk-2026-10", OCTOBER, END_OF_OCTOBER, "300000.00", "250000.00"))
                .expectNoEvents()
                .expectException(violation("no-risk-sharing", "period"));
    }

    @Test
    void refusesASecondAccrualForTheSamePeriod() {
        given(established(), octoberGainAccrued())
                .when(accrue("risk-2026-10-again", OCTOBER, END_OF_OCTOBER, "310000.00", "250000.00"))
                .expectNoEvents()
                .expectException(violation("period-already-accrued", "period"));
    }

    @Test
    void refusesASecondAccrualAfterAnAccrualOfNothing() {
        AccrueRiskShare zero = accrue("risk-2026-10", OCTOBER, "2026-10-30", "250000.00", "250000.00");

        given(established(), riskShareAccrued(zero, "0.00", "0.00", "0.00", false, Owed.NOTHING))
                .when(accrue("risk-2026-10-again", OCTOBER, END_OF_OCTOBER, "310000.00", "250000.00"))
                .expectNoEvents()
                .expectException(violation("period-already-accrued", "period"));
    }

    @Test
    void accruesAPeriodAgainOnceItsAccrualWasReversed() {
        RiskShareAccrued first = octoberGainAccrued();
        AccrueRiskShare again = accrue("risk-2026-10-again", OCTOBER, END_OF_OCTOBER, "310000.00", "250000.00");

        given(established(), first, reversed(reverse("rev-risk-2026-10", "risk-2026-10", END_OF_OCTOBER), first))
                .when(again)
                .expectEvents(riskShareAccrued(again, "60000.00", "12000.00", "12000.00", false, Owed.PRACTICE_TO_MSO,
                        Posting.debit(Accounts.PRACTICE_RECEIVABLE, usd("12000.00")),
                        Posting.credit(Accounts.RISK_SHARE_INCOME, usd("12000.00"))));
    }

    @Test
    void refusesNegativeExpenses() {
        given(established())
                .when(accrue("risk-2026-10", OCTOBER, END_OF_OCTOBER, "300000.00", "-1.00"))
                .expectNoEvents()
                .expectException(violation("invalid-amount", "practiceExpenses"));
    }

    // ------------------------------------------------------------ distributions

    @Test
    void splitsADistributionBetweenTheOwnersByLargestRemainder() {
        // 51% of 100.01 is 51.0051 and 49% is 49.0049: the floors 51.00 + 49.00 leave one cent,
        // which goes to the larger remainder, the physicians'
        assertEquals(List.of(usd("51.01"), usd("49.00")), usd("100.01").allocate(List.of(pct("51.00"), pct("49.00"))));
        DistributeProfit command = distribute("dist-2026-10", OCTOBER, END_OF_OCTOBER, "100.01");
        Entry entry = new Entry("dist-2026-10", EntryType.DISTRIBUTION, AGREEMENT_ID, Period.parse(OCTOBER),
                LocalDate.of(2026, 10, 31), usd("100.01"),
                List.of(Posting.debit(Accounts.DISTRIBUTABLE_PROFIT, usd("100.01")),
                        Posting.credit("distributions_payable:physicians", usd("51.01")),
                        Posting.credit("distributions_payable:investor", usd("49.00"))),
                null, command.requestHash());

        given(established(), octoberBillingCharged())
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProfitDistributed(entry, 1, usd("12000.00"), List.of(
                        new OwnerShare("physicians", "Harbor Physician Owners", pct("51.00"), usd("51.01")),
                        new OwnerShare("investor", "Summit Health Partners LP", pct("49.00"), usd("49.00")))))
                .expectResultMessagePayload(EntryOutcome.recorded("dist-2026-10"));
    }

    @Test
    void refusesADistributionAboveTheUndistributedProfit() {
        // fees 12000.00 + 2500.00, risk income 10000.00, risk expense 5000.00, distributed 4500.00: 15000.00 left
        given(profitHistory())
                .when(distribute("dist-2026-11-b", "2026-11", "2026-11-28", "15000.01"))
                .expectNoEvents()
                .expectException(violation("exceeds-undistributed-profit", "amount"))
                .expectExceptionMessage("only 15000.00 USD of net income is undistributed");
    }

    @Test
    void distributesExactlyTheUndistributedProfit() {
        DistributeProfit command = distribute("dist-2026-11-b", "2026-11", "2026-11-28", "15000.00");

        given(profitHistory())
                .when(command)
                .expectEvents(distributed(command, "15000.00", "7650.00", "7350.00"));
    }

    @Test
    void doesNotCountAReversedFeeAsDistributableProfit() {
        ServiceFeeCharged fee = octoberBillingCharged();

        given(established(), fee, reversed(reverse("rev-billing-2026-10", "fee-billing-2026-10", END_OF_OCTOBER), fee))
                .when(distribute("dist-2026-10", OCTOBER, END_OF_OCTOBER, "0.01"))
                .expectNoEvents()
                .expectException(violation("exceeds-undistributed-profit", "amount"));
    }

    @Test
    void refusesADistributionWhenTheTermsNameNoOwners() {
        given(established(terms(RISK_SHARING, List.of())), octoberBillingCharged())
                .when(distribute("dist-2026-10", OCTOBER, END_OF_OCTOBER, "100.00"))
                .expectNoEvents()
                .expectException(violation("no-distribution-schedule", "period"));
    }

    // ------------------------------------------------------------ asset transfers

    @Test
    void transfersAnAssetPaidInCash() {
        TransferAsset command = transfer("xfer-mri", "asset-mri-lease", Consideration.CASH, "180000.00", "2026-10-20");
        Entry entry = new Entry("xfer-mri", EntryType.ASSET_TRANSFER, AGREEMENT_ID, Period.parse(OCTOBER),
                LocalDate.of(2026, 10, 20), usd("180000.00"),
                List.of(Posting.debit(Accounts.FIXED_ASSETS, usd("180000.00")), Posting.credit(Accounts.CASH, usd("180000.00"))),
                null, command.requestHash());

        given(established())
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AssetTransferred(entry, "asset-mri-lease", "MRI suite lease", AssetCategory.LEASE,
                        usd("180000.00"), Consideration.CASH))
                .expectResultMessagePayload(EntryOutcome.recorded("xfer-mri"));
    }

    @Test
    void transfersAnAssetOnAccountAsOwedToThePractice() {
        TransferAsset command = transfer("xfer-mri", "asset-mri-lease", Consideration.PAYABLE, "180000.00", "2026-10-20");

        given(established())
                .when(command)
                .expectEvents(assetTransferred(command, Accounts.PRACTICE_PAYABLE));
    }

    @Test
    void refusesToTransferTheSameAssetTwice() {
        given(established(), mriTransferred())
                .when(transfer("xfer-mri-again", "asset-mri-lease", Consideration.CASH, "175000.00", "2026-10-25"))
                .expectNoEvents()
                .expectException(violation("asset-already-transferred", "assetId"));
    }

    @Test
    void transfersAnAssetAgainOnceItsTransferWasReversed() {
        AssetTransferred first = mriTransferred();
        TransferAsset again = transfer("xfer-mri-again", "asset-mri-lease", Consideration.CASH, "175000.00", "2026-10-25");

        given(established(), first, reversed(reverse("rev-xfer-mri", "xfer-mri", "2026-10-22"), first))
                .when(again)
                .expectEvents(assetTransferred(again, Accounts.CASH));
    }

    // ------------------------------------------------------------ payments

    @Test
    void recordsAPaymentFromThePracticeAgainstItsReceivable() {
        RecordPayment command = payment("pay-1", PaymentDirection.PRACTICE_TO_MSO, "2500.00", "2026-11-05");

        given(established(), octoberHrCharged())
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEvents(paymentRecorded(command,
                        Posting.debit(Accounts.CASH, usd("2500.00")),
                        Posting.credit(Accounts.PRACTICE_RECEIVABLE, usd("2500.00"))))
                .expectResultMessagePayload(EntryOutcome.recorded("pay-1"));
    }

    @Test
    void recordsAPaymentToThePracticeAgainstThePayable() {
        RecordPayment command = payment("pay-1", PaymentDirection.MSO_TO_PRACTICE, "25000.00", "2026-11-05");

        given(established())
                .when(command)
                .expectEvents(paymentRecorded(command,
                        Posting.debit(Accounts.PRACTICE_PAYABLE, usd("25000.00")),
                        Posting.credit(Accounts.CASH, usd("25000.00"))));
    }

    @Test
    void acceptsAPaymentAboveWhatIsOwed() {
        RecordPayment command = payment("pay-1", PaymentDirection.PRACTICE_TO_MSO, "3000.00", "2026-11-05");

        given(established(), octoberHrCharged())
                .when(command)
                .expectEvents(paymentRecorded(command,
                        Posting.debit(Accounts.CASH, usd("3000.00")),
                        Posting.credit(Accounts.PRACTICE_RECEIVABLE, usd("3000.00"))));
    }

    @Test
    void refusesAPaymentOfZero() {
        given(established(), octoberHrCharged())
                .when(payment("pay-1", PaymentDirection.PRACTICE_TO_MSO, "0.00", "2026-11-05"))
                .expectNoEvents()
                .expectException(violation("invalid-amount", "amount"));
    }

    // ------------------------------------------------------------ reversals

    @Test
    void reversesAnEntryByPostingItsExactOpposite() {
        ReverseEntry command = reverse("rev-billing-2026-10", "fee-billing-2026-10", "2026-11-02");
        Entry entry = new Entry("rev-billing-2026-10", EntryType.REVERSAL, AGREEMENT_ID, Period.parse("2026-11"),
                LocalDate.of(2026, 11, 2), usd("12000.00"),
                List.of(Posting.credit(Accounts.PRACTICE_RECEIVABLE, usd("12000.00")),
                        Posting.debit(Accounts.MSO_FEE_REVENUE, usd("12000.00"))),
                null, command.requestHash());

        given(established(), octoberBillingCharged())
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new EntryReversed(entry, "fee-billing-2026-10", EntryType.SERVICE_FEE, "wrong collections figure"))
                .expectResultMessagePayload(EntryOutcome.recorded("rev-billing-2026-10"));
    }

    @Test
    void reversesADistributionLegByLeg() {
        DistributeProfit distribution = distribute("dist-2026-10", OCTOBER, END_OF_OCTOBER, "100.01");
        ReverseEntry command = reverse("rev-dist-2026-10", "dist-2026-10", "2026-11-02");
        Entry entry = new Entry("rev-dist-2026-10", EntryType.REVERSAL, AGREEMENT_ID, Period.parse("2026-11"),
                LocalDate.of(2026, 11, 2), usd("100.01"),
                List.of(Posting.credit(Accounts.DISTRIBUTABLE_PROFIT, usd("100.01")),
                        Posting.debit("distributions_payable:physicians", usd("51.01")),
                        Posting.debit("distributions_payable:investor", usd("49.00"))),
                null, command.requestHash());

        given(established(), octoberBillingCharged(), distributed(distribution, "12000.00", "51.01", "49.00"))
                .when(command)
                .expectEvents(new EntryReversed(entry, "dist-2026-10", EntryType.DISTRIBUTION, "wrong collections figure"));
    }

    @Test
    void refusesToReverseAnUnknownEntry() {
        given(established(), octoberBillingCharged())
                .when(reverse("rev-1", "fee-nowhere", "2026-11-02"))
                .expectNoEvents()
                .expectException(violation("unknown-entry", "entryId"));
    }

    @Test
    void refusesToReverseAReversal() {
        ServiceFeeCharged fee = octoberBillingCharged();

        given(established(), fee, reversed(reverse("rev-billing-2026-10", "fee-billing-2026-10", "2026-11-02"), fee))
                .when(reverse("rev-rev-billing-2026-10", "rev-billing-2026-10", "2026-11-03"))
                .expectNoEvents()
                .expectException(violation("cannot-reverse-reversal", "entryId"));
    }

    @Test
    void refusesToReverseAnEntryTwice() {
        ServiceFeeCharged fee = octoberBillingCharged();

        given(established(), fee, reversed(reverse("rev-billing-2026-10", "fee-billing-2026-10", "2026-11-02"), fee))
                .when(reverse("rev-billing-2026-10-again", "fee-billing-2026-10", "2026-11-03"))
                .expectNoEvents()
                .expectException(violation("already-reversed", "entryId"));
    }

    // ------------------------------------------------------------ rules common to entries

    @Test
    void refusesAnEntryDatedBeforeTheAgreementStarts() {
        given(established())
                .when(charge("fee-hr-2026-09", "HR", "2026-09", "2026-09-30", null))
                .expectNoEvents()
                .expectException(violation("before-agreement-start", "effectiveDate"));
    }

    @Test
    void refusesAnEntryForAPeriodBeforeTheAgreementStartsThoughDatedWithinIt() {
        given(established())
                .when(charge("fee-hr-2026-09", "HR", "2026-09", "2026-10-05", null))
                .expectNoEvents()
                .expectException(violation("before-agreement-start", "period"));
    }

    @Test
    void refusesAnEntryDatedAfterTheTerminationDate() {
        given(established(), terminatedEndOfMarch())
                .when(payment("pay-1", PaymentDirection.PRACTICE_TO_MSO, "2500.00", "2027-04-01"))
                .expectNoEvents()
                .expectException(violation("after-agreement-end", "effectiveDate"));
    }

    @Test
    void acceptsAnEntryDatedOnTheTerminationDate() {
        RecordPayment command = payment("pay-1", PaymentDirection.PRACTICE_TO_MSO, "2500.00", "2027-03-31");

        given(established(), terminatedEndOfMarch())
                .when(command)
                .expectEvents(paymentRecorded(command,
                        Posting.debit(Accounts.CASH, usd("2500.00")),
                        Posting.credit(Accounts.PRACTICE_RECEIVABLE, usd("2500.00"))));
    }

    @Test
    void refusesAnEntryForAPeriodAfterTheMonthOfItsEffectiveDate() {
        given(established())
                .when(charge("fee-hr-2026-11", "HR", "2026-11", END_OF_OCTOBER, null))
                .expectNoEvents()
                .expectException(violation("period-after-effective-date", "period"));
    }

    @Test
    void answersARepeatedChargeWithTheOriginalEntryAndRecordsNothing() {
        given(established(), octoberBillingCharged())
                .when(charge("fee-billing-2026-10", "BILLING", OCTOBER, END_OF_OCTOBER, collections("200000.00")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(EntryOutcome.repeated("fee-billing-2026-10"));
    }

    @Test
    void answersARepeatedReversalAsARepeatNotAsAlreadyReversed() {
        ServiceFeeCharged fee = octoberBillingCharged();
        ReverseEntry reversal = reverse("rev-billing-2026-10", "fee-billing-2026-10", "2026-11-02");

        given(established(), fee, reversed(reversal, fee))
                .when(reversal)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(EntryOutcome.repeated("rev-billing-2026-10"));
    }

    @Test
    void answersARepeatedChargeEvenOnceItsPeriodIsClosed() {
        given(established(), octoberBillingCharged(), new PeriodClosed(AGREEMENT_ID, Period.parse(OCTOBER)))
                .when(charge("fee-billing-2026-10", "BILLING", OCTOBER, END_OF_OCTOBER, collections("200000.00")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(EntryOutcome.repeated("fee-billing-2026-10"));
    }

    @Test
    void refusesAChargeIdReusedForOtherContentAsAConflict() {
        given(established(), octoberBillingCharged())
                .when(charge("fee-billing-2026-10", "BILLING", OCTOBER, END_OF_OCTOBER, collections("210000.00")))
                .expectNoEvents()
                .expectException(conflict("id-reused", "chargeId"));
    }

    @Test
    void refusesAnAccrualIdReusedForOtherContentAsAConflict() {
        given(established(), octoberGainAccrued())
                .when(accrue("risk-2026-10", OCTOBER, END_OF_OCTOBER, "300000.00", "260000.00"))
                .expectNoEvents()
                .expectException(conflict("id-reused", "accrualId"));
    }

    @Test
    void refusesADistributionIdReusedForOtherContentAsAConflict() {
        DistributeProfit first = distribute("dist-2026-10", OCTOBER, END_OF_OCTOBER, "100.01");

        given(established(), octoberBillingCharged(), distributed(first, "12000.00", "51.01", "49.00"))
                .when(distribute("dist-2026-10", OCTOBER, END_OF_OCTOBER, "100.00"))
                .expectNoEvents()
                .expectException(conflict("id-reused", "distributionId"));
    }

    @Test
    void refusesATransferIdReusedForOtherContentAsAConflict() {
        given(established(), mriTransferred())
                .when(transfer("xfer-mri", "asset-front-desk", Consideration.CASH, "12000.00", "2026-10-20"))
                .expectNoEvents()
                .expectException(conflict("id-reused", "transferId"));
    }

    @Test
    void refusesAPaymentIdReusedForOtherContentAsAConflict() {
        RecordPayment first = payment("pay-1", PaymentDirection.PRACTICE_TO_MSO, "2500.00", "2026-11-05");

        given(established(), octoberHrCharged(), paymentRecorded(first,
                Posting.debit(Accounts.CASH, usd("2500.00")), Posting.credit(Accounts.PRACTICE_RECEIVABLE, usd("2500.00"))))
                .when(payment("pay-1", PaymentDirection.PRACTICE_TO_MSO, "2400.00", "2026-11-05"))
                .expectNoEvents()
                .expectException(conflict("id-reused", "paymentId"));
    }

    @Test
    void refusesAReversalIdReusedForOtherContentAsAConflict() {
        ServiceFeeCharged fee = octoberBillingCharged();

        given(established(), fee, reversed(reverse("rev-1", "fee-billing-2026-10", "2026-11-02"), fee))
                .when(reverse("rev-1", "fee-billing-2026-10", "2026-11-03"))
                .expectNoEvents()
                .expectException(conflict("id-reused", "reversalId"));
    }

    @Test
    void refusesAnIdOfAnotherKindOfEntryAsAConflict() {
        given(established(), octoberBillingCharged())
                .when(payment("fee-billing-2026-10", PaymentDirection.PRACTICE_TO_MSO, "2500.00", "2026-11-05"))
                .expectNoEvents()
                .expectException(conflict("id-reused", "paymentId"));
    }

    @Test
    void refusesAMalformedChargeId() {
        given(established())
                .when(charge("fee billing", "BILLING", OCTOBER, END_OF_OCTOBER, collections("200000.00")))
                .expectNoEvents()
                .expectException(violation("invalid-id", "chargeId"));
    }

    @Test
    void refusesAMalformedPaymentId() {
        given(established())
                .when(payment("-pay-1", PaymentDirection.PRACTICE_TO_MSO, "2500.00", "2026-11-05"))
                .expectNoEvents()
                .expectException(violation("invalid-id", "paymentId"));
    }

    // ------------------------------------------------------------ closing periods

    @Test
    void closesAPeriodThatHasEnded() {
        PeriodClosed closed = new PeriodClosed(AGREEMENT_ID, Period.parse(OCTOBER));

        given(established())
                .when(new ClosePeriod(AGREEMENT_ID, Period.parse(OCTOBER)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(closed)
                .expectResultMessagePayload(closed);
    }

    @Test
    void refusesToCloseAPeriodWhileAnEarlierOneIsOpen() {
        given(established())
                .when(new ClosePeriod(AGREEMENT_ID, Period.parse("2026-11")))
                .expectNoEvents()
                .expectException(violation("periods-close-in-order", "period"));
    }

    @Test
    void refusesToCloseAPeriodThatHasNotEnded() {
        given(established(), octoberClosed())
                .when(new ClosePeriod(AGREEMENT_ID, Period.parse("2026-11")))
                .expectNoEvents()
                .expectException(violation("period-not-ended", "period"));
    }

    @Test
    void refusesToCloseAPeriodBeforeTheAgreementStarts() {
        given(established())
                .when(new ClosePeriod(AGREEMENT_ID, Period.parse("2026-09")))
                .expectNoEvents()
                .expectException(violation("before-agreement-start", "period"));
    }

    @Test
    void answersClosingAClosedPeriodAgainWithTheOriginalClosing() {
        given(established(), octoberClosed())
                .when(new ClosePeriod(AGREEMENT_ID, Period.parse(OCTOBER)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new PeriodClosed(AGREEMENT_ID, Period.parse(OCTOBER)));
    }

    @Test
    void refusesAnEntryDatedInAClosedPeriod() {
        given(established(), octoberClosed())
                .when(charge("fee-hr-2026-10", "HR", OCTOBER, "2026-10-15", null))
                .expectNoEvents()
                .expectException(violation("period-closed", "effectiveDate"));
    }

    @Test
    void acceptsALateCorrectionDatedInTheNextOpenPeriodThatReferencesTheClosedOne() {
        ChargeServiceFee correction = new ChargeServiceFee(AGREEMENT_ID, "fee-it-2026-10-late", "IT", Period.parse(OCTOBER),
                LocalDate.of(2026, 11, 5), units(2), Period.parse(OCTOBER));
        Entry entry = new Entry("fee-it-2026-10-late", EntryType.SERVICE_FEE, AGREEMENT_ID, Period.parse(OCTOBER),
                LocalDate.of(2026, 11, 5), usd("300.00"),
                List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, usd("300.00")),
                        Posting.credit(Accounts.MSO_FEE_REVENUE, usd("300.00"))),
                Period.parse(OCTOBER), correction.requestHash());

        given(established(), octoberClosed())
                .when(correction)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ServiceFeeCharged(entry, "IT", 1, IT, units(2)));
    }

    @Test
    void acceptsALateReversalOfAnEntryOfAClosedPeriod() {
        ServiceFeeCharged fee = octoberBillingCharged();
        ReverseEntry command = new ReverseEntry(AGREEMENT_ID, "rev-billing-2026-10", "fee-billing-2026-10",
                "wrong collections figure", LocalDate.of(2026, 11, 5), Period.parse(OCTOBER));
        Entry entry = new Entry("rev-billing-2026-10", EntryType.REVERSAL, AGREEMENT_ID, Period.parse("2026-11"),
                LocalDate.of(2026, 11, 5), usd("12000.00"),
                List.of(Posting.credit(Accounts.PRACTICE_RECEIVABLE, usd("12000.00")),
                        Posting.debit(Accounts.MSO_FEE_REVENUE, usd("12000.00"))),
                Period.parse(OCTOBER), command.requestHash());

        given(established(), fee, octoberClosed())
                .when(command)
                .expectEvents(new EntryReversed(entry, "fee-billing-2026-10", EntryType.SERVICE_FEE, "wrong collections figure"));
    }

    @Test
    void refusesACorrectionOfAPeriodThatIsStillOpen() {
        given(established())
                .when(new ChargeServiceFee(AGREEMENT_ID, "fee-it-2026-10-late", "IT", Period.parse(OCTOBER),
                        LocalDate.of(2026, 11, 5), units(2), Period.parse(OCTOBER)))
                .expectNoEvents()
                .expectException(violation("corrects-open-period", "correctsPeriod"));
    }

    @Test
    void refusesALateEntryForAClosedPeriodThatDoesNotSayWhichPeriodItCorrects() {
        given(established(), octoberClosed())
                .when(new ChargeServiceFee(AGREEMENT_ID, "fee-it-2026-10-late", "IT", Period.parse(OCTOBER),
                        LocalDate.of(2026, 11, 5), units(2), null))
                .expectNoEvents()
                .expectException(violation("late-entry-needs-correction-reference", "correctsPeriod"));
    }

    @Test
    void refusesAReversalDatedBeforeTheEntryItReverses() {
        given(established(), octoberBillingCharged())
                .when(new ReverseEntry(AGREEMENT_ID, "rev-early", "fee-billing-2026-10", "typo", LocalDate.of(2026, 10, 30), null))
                .expectNoEvents()
                .expectException(violation("reversal-before-original", "effectiveDate"));
    }

    @Test
    void refusesAChargeWithoutAPeriod() {
        given(established())
                .when(new ChargeServiceFee(AGREEMENT_ID, "fee-no-period", "HR", null, LocalDate.of(2026, 10, 31), null, null))
                .expectNoEvents()
                .expectException(violation("missing-field", "period"));
    }

    @Test
    void refusesToCloseAPeriodAfterTheAgreementEnded() {
        AggregateTestFixture<Agreement> later = new AggregateTestFixture<>(Agreement.class);
        later.registerInjectableResource(Clock.fixed(Instant.parse("2027-06-15T12:00:00Z"), ZoneOffset.UTC));
        later.registerInjectableResource((PartyDirectory) id -> Optional.ofNullable(REGISTERED.get(id)));
        later.registerInjectableResource((EntryBook) (agreementId, entryId) -> Optional.empty());
        later.registerInjectableResource(RulesFile.standard());
        List<Object> history = new ArrayList<>(List.of(established(), terminatedEndOfMarch()));
        for (String month : List.of("2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03")) {
            history.add(new PeriodClosed(AGREEMENT_ID, Period.parse(month)));
        }
        later.given(history)
                .when(new ClosePeriod(AGREEMENT_ID, Period.parse("2027-04")))
                .expectNoEvents()
                .expectException(violation("after-agreement-end", "period"));
    }

    // ------------------------------------------------------------ history

    /** Gives the events to the fixture, after recording their entries in the entry book as the store would. */
    private TestExecutor<Agreement> given(Object... events) {
        for (Object event : events) {
            if (event instanceof EntryEvent entryEvent) {
                book.record(entryEvent);
            }
        }
        return fixture.given(events);
    }

    private static AgreementEstablished established() {
        return established(terms(RISK_SHARING, List.of(PHYSICIANS, INVESTOR)));
    }

    private static AgreementEstablished established(AgreementTerms terms) {
        return new AgreementEstablished(AGREEMENT_ID, MSO_ID, PRACTICE_ID, "USD", "CA", START, null, "FMV-2026-17", terms);
    }

    private static AgreementTerms terms(RiskSharingTerms riskSharing, List<Owner> owners) {
        return new AgreementTerms(List.of(BILLING, HR, IT, FACILITY), riskSharing, owners, List.of());
    }

    /** Version 2, from January 2027: HR goes up to 2750.00 a month; the rest stays. */
    private static AgreementAmended hrRaisedFromJanuary() {
        AgreementTerms raised = new AgreementTerms(List.of(BILLING, FeeTerm.fixedMonthly("HR", usd("2750.00")), IT, FACILITY),
                RISK_SHARING, List.of(PHYSICIANS, INVESTOR), List.of());
        return new AgreementAmended(AGREEMENT_ID, "amd-hr-2027", 2, LocalDate.of(2027, 1, 1), null, raised);
    }

    private static AgreementTerminated terminatedEndOfMarch() {
        return new AgreementTerminated(AGREEMENT_ID, LocalDate.of(2027, 3, 31), "practice sold");
    }

    private static PeriodClosed octoberClosed() {
        return new PeriodClosed(AGREEMENT_ID, Period.parse(OCTOBER));
    }

    private static ServiceFeeCharged octoberBillingCharged() {
        return feeCharged(charge("fee-billing-2026-10", "BILLING", OCTOBER, END_OF_OCTOBER, collections("200000.00")),
                BILLING, 1, "12000.00");
    }

    private static ServiceFeeCharged octoberHrCharged() {
        return feeCharged(charge("fee-hr-2026-10", "HR", OCTOBER, END_OF_OCTOBER, null), HR, 1, "2500.00");
    }

    private static RiskShareAccrued octoberGainAccrued() {
        return riskShareAccrued(accrue("risk-2026-10", OCTOBER, END_OF_OCTOBER, "300000.00", "250000.00"),
                "50000.00", "10000.00", "10000.00", false, Owed.PRACTICE_TO_MSO,
                Posting.debit(Accounts.PRACTICE_RECEIVABLE, usd("10000.00")),
                Posting.credit(Accounts.RISK_SHARE_INCOME, usd("10000.00")));
    }

    private static AssetTransferred mriTransferred() {
        return assetTransferred(transfer("xfer-mri", "asset-mri-lease", Consideration.CASH, "180000.00", "2026-10-20"),
                Accounts.CASH);
    }

    /**
     * October: BILLING 12000.00, HR 2500.00, a gain of 50000.00 (risk income 10000.00), 4500.00 distributed;
     * November: a loss of 25000.00 (risk expense 5000.00). Undistributed: 14500 + 10000 − 5000 − 4500 = 15000.00.
     */
    private static Object[] profitHistory() {
        DistributeProfit first = distribute("dist-2026-11-a", OCTOBER, "2026-11-10", "4500.00");
        AccrueRiskShare novemberLoss = accrue("risk-2026-11", "2026-11", "2026-11-27", "100000.00", "125000.00");
        return new Object[]{established(), octoberBillingCharged(), octoberHrCharged(), octoberGainAccrued(),
                distributed(first, "24500.00", "2295.00", "2205.00"),
                riskShareAccrued(novemberLoss, "-25000.00", "-5000.00", "5000.00", false, Owed.MSO_TO_PRACTICE,
                        Posting.debit(Accounts.RISK_SHARE_EXPENSE, usd("5000.00")),
                        Posting.credit(Accounts.PRACTICE_PAYABLE, usd("5000.00")))};
    }

    // ------------------------------------------------------------ commands

    private static ChargeServiceFee charge(String chargeId, String serviceCode, String period, String effectiveDate,
                                           FeeBasis basis) {
        return new ChargeServiceFee(AGREEMENT_ID, chargeId, serviceCode, Period.parse(period), LocalDate.parse(effectiveDate),
                basis, null);
    }

    private static AccrueRiskShare accrue(String accrualId, String period, String effectiveDate, String revenue,
                                          String expenses) {
        return new AccrueRiskShare(AGREEMENT_ID, accrualId, Period.parse(period), LocalDate.parse(effectiveDate),
                usd(revenue), usd(expenses), null);
    }

    private static DistributeProfit distribute(String distributionId, String period, String effectiveDate, String amount) {
        return new DistributeProfit(AGREEMENT_ID, distributionId, Period.parse(period), LocalDate.parse(effectiveDate),
                usd(amount), null);
    }

    private static TransferAsset transfer(String transferId, String assetId, Consideration consideration, String value,
                                          String effectiveDate) {
        return new TransferAsset(AGREEMENT_ID, transferId, assetId, "MRI suite lease", AssetCategory.LEASE, usd(value),
                LocalDate.parse(effectiveDate), consideration);
    }

    private static RecordPayment payment(String paymentId, PaymentDirection direction, String amount, String effectiveDate) {
        return new RecordPayment(AGREEMENT_ID, paymentId, direction, usd(amount), LocalDate.parse(effectiveDate), "ACH-20261105-01");
    }

    private static ReverseEntry reverse(String reversalId, String entryId, String effectiveDate) {
        return new ReverseEntry(AGREEMENT_ID, reversalId, entryId, "wrong collections figure", LocalDate.parse(effectiveDate), null);
    }

    private static FeeBasis collections(String amount) {
        return new FeeBasis(usd(amount), null, null);
    }

    private static FeeBasis units(long units) {
        return new FeeBasis(null, units, null);
    }

    private static FeeBasis cost(String amount) {
        return new FeeBasis(null, null, usd(amount));
    }

    // ------------------------------------------------------------ the events they should record

    private static Entry entry(EntryCommand command, EntryType type, Period period, LocalDate effectiveDate, Money amount,
                               Period correctsPeriod, List<Posting> postings) {
        return new Entry(command.entryId(), type, AGREEMENT_ID, period, effectiveDate, amount, postings, correctsPeriod,
                command.requestHash());
    }

    /** Dr practice_receivable, Cr mso_fee_revenue, both the fee. */
    private static ServiceFeeCharged feeCharged(ChargeServiceFee command, FeeTerm term, int termsVersion, String fee) {
        Money amount = usd(fee);
        Entry entry = entry(command, EntryType.SERVICE_FEE, command.period(), command.effectiveDate(), amount,
                command.correctsPeriod(),
                List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, amount), Posting.credit(Accounts.MSO_FEE_REVENUE, amount)));
        return new ServiceFeeCharged(entry, command.serviceCode(), termsVersion, term,
                command.basis() == null ? FeeBasis.NONE : command.basis());
    }

    private static RiskShareAccrued riskShareAccrued(AccrueRiskShare command, String netIncome, String computedShare,
                                                     String amount, boolean clamped, Owed owed, Posting... postings) {
        Entry entry = entry(command, EntryType.RISK_SHARE, command.period(), command.effectiveDate(), usd(amount),
                command.correctsPeriod(), List.of(postings));
        return new RiskShareAccrued(entry, 1, command.practiceRevenue(), command.practiceExpenses(), usd(netIncome),
                pct("20.00"), usd(computedShare), usd("50000.00"), usd("25000.00"), clamped, owed);
    }

    private static ProfitDistributed distributed(DistributeProfit command, String undistributedBefore, String physicians,
                                                 String investor) {
        Entry entry = entry(command, EntryType.DISTRIBUTION, command.period(), command.effectiveDate(), command.amount(),
                command.correctsPeriod(),
                List.of(Posting.debit(Accounts.DISTRIBUTABLE_PROFIT, command.amount()),
                        Posting.credit("distributions_payable:physicians", usd(physicians)),
                        Posting.credit("distributions_payable:investor", usd(investor))));
        return new ProfitDistributed(entry, 1, usd(undistributedBefore), List.of(
                new OwnerShare("physicians", "Harbor Physician Owners", pct("51.00"), usd(physicians)),
                new OwnerShare("investor", "Summit Health Partners LP", pct("49.00"), usd(investor))));
    }

    /** Dr fixed_assets, Cr {@code creditAccount} (cash, or practice_payable when bought on account). */
    private static AssetTransferred assetTransferred(TransferAsset command, String creditAccount) {
        Money value = command.fairMarketValue();
        Entry entry = entry(command, EntryType.ASSET_TRANSFER, Period.of(command.effectiveDate()), command.effectiveDate(),
                value, null, List.of(Posting.debit(Accounts.FIXED_ASSETS, value), Posting.credit(creditAccount, value)));
        return new AssetTransferred(entry, command.assetId(), command.description(), command.category(), value,
                command.consideration());
    }

    private static PaymentRecorded paymentRecorded(RecordPayment command, Posting... postings) {
        Entry entry = entry(command, EntryType.PAYMENT, Period.of(command.effectiveDate()), command.effectiveDate(),
                command.amount(), null, List.of(postings));
        return new PaymentRecorded(entry, command.direction(), command.reference());
    }

    /** The original's postings with every side swapped, dated on the reversal's own date. */
    private static EntryReversed reversed(ReverseEntry command, EntryEvent original) {
        List<Posting> swapped = original.entry().postings().stream()
                .map(p -> new Posting(p.account(), p.side() == Side.DEBIT ? Side.CREDIT : Side.DEBIT, p.amount()))
                .toList();
        Entry entry = entry(command, EntryType.REVERSAL, Period.of(command.effectiveDate()), command.effectiveDate(),
                original.entry().amount(), command.correctsPeriod(), swapped);
        return new EntryReversed(entry, original.entry().entryId(), original.entry().type(), command.reason());
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD");
    }

    private static Percent pct(String percent) {
        return Percent.parse(percent);
    }

}
