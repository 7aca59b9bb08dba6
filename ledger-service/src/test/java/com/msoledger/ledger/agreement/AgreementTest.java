package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.AmendAgreement;
import com.msoledger.api.agreement.EstablishAgreement;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.agreement.FeeType;
import com.msoledger.api.agreement.FmvRange;
import com.msoledger.api.agreement.RiskSharingTerms;
import com.msoledger.api.agreement.TerminateAgreement;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.api.party.Owner;
import com.msoledger.api.party.PartyKind;
import com.msoledger.ledger.compliance.RulesFile;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.msoledger.ledger.common.RuleViolationMatchers.conflict;
import static com.msoledger.ledger.common.RuleViolationMatchers.violation;

class AgreementTest {

    private static final AgreementId AGREEMENT_ID = AgreementId.of("msa-westside-harbor");
    private static final PartyId MSO_ID = PartyId.of("mso-westside");
    private static final PartyId PRACTICE_ID = PartyId.of("practice-harbor");
    private static final PartyId UNKNOWN_ID = PartyId.of("nobody");
    private static final Map<PartyId, PartyKind> REGISTERED = Map.of(MSO_ID, PartyKind.MSO, PRACTICE_ID, PartyKind.PRACTICE);

    /** "Today" for every test: amendments must start after it, terminations on or after it. */
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final LocalDate END_OF_INITIAL_TERM = LocalDate.of(2028, 12, 31);
    private static final String FMV_OPINION = "FMV-2025-118";
    private static final LocalDate NEXT_MONTH = LocalDate.of(2026, 12, 1);

    private FixtureConfiguration<Agreement> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixtureAt(NOW);
    }

    private static FixtureConfiguration<Agreement> fixtureAt(Instant now) {
        FixtureConfiguration<Agreement> fixture = new AggregateTestFixture<>(Agreement.class);
        fixture.registerInjectableResource((PartyDirectory) id -> Optional.ofNullable(REGISTERED.get(id)));
        fixture.registerInjectableResource(Clock.fixed(now, ZoneOffset.UTC));
        fixture.registerInjectableResource(RulesFile.standard());
        return fixture;
    }

    // --- establishing ---

    @Test
    void establishesAnAgreementOnTheWorkedExampleTerms() {
        fixture.givenNoPriorActivity()
                .when(establish().build())
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AgreementEstablished(AGREEMENT_ID, MSO_ID, PRACTICE_ID, "USD", "CA", START,
                        END_OF_INITIAL_TERM, FMV_OPINION, workedExample().build()));
    }

    @Test
    void establishesAnOpenEndedAgreementWithMinimalTerms() {
        EstablishAgreement command = establish().effectiveTo(null).fmvOpinion(null)
                .terms(new AgreementTerms(List.of(FeeTerm.fixedMonthly("HR", usd("2500.00"))), null, null, null))
                .build();

        fixture.givenNoPriorActivity()
                .when(command)
                .expectEvents(established(command));
    }

    @Test
    void refusesAnUnknownMso() {
        fixture.givenNoPriorActivity()
                .when(establish().msoId(UNKNOWN_ID).build())
                .expectNoEvents()
                .expectException(violation("unknown-party", "msoId"))
                .expectExceptionMessage("no party is registered as nobody");
    }

    @Test
    void refusesAnUnknownPractice() {
        fixture.givenNoPriorActivity()
                .when(establish().practiceId(UNKNOWN_ID).build())
                .expectNoEvents()
                .expectException(violation("unknown-party", "practiceId"));
    }

    @Test
    void refusesAPracticeGivenAsTheMso() {
        fixture.givenNoPriorActivity()
                .when(establish().msoId(PRACTICE_ID).build())
                .expectNoEvents()
                .expectException(violation("wrong-party-kind", "msoId"))
                .expectExceptionMessage("party practice-harbor is registered as PRACTICE, not MSO");
    }

    @Test
    void refusesAnMsoGivenAsThePractice() {
        fixture.givenNoPriorActivity()
                .when(establish().practiceId(MSO_ID).build())
                .expectNoEvents()
                .expectException(violation("wrong-party-kind", "practiceId"));
    }

    @ParameterizedTest(name = "currency \"{0}\"")
    @ValueSource(strings = {"XYZ", "usd", "XXX", ""})
    void refusesACurrencyThatIsNotAnIsoCodeWithMinorUnits(String currency) {
        fixture.givenNoPriorActivity()
                .when(establish().currency(currency).build())
                .expectNoEvents()
                .expectException(violation("unknown-currency", "currency"));
    }

    @Test
    void refusesAMissingCurrency() {
        fixture.givenNoPriorActivity()
                .when(establish().currency(null).build())
                .expectNoEvents()
                .expectException(violation("unknown-currency", "currency"));
    }

    @ParameterizedTest(name = "state \"{0}\"")
    @ValueSource(strings = {"XX", "ca"})
    void refusesAStateThatIsNotAUsStateCode(String state) {
        fixture.givenNoPriorActivity()
                .when(establish().state(state).build())
                .expectNoEvents()
                .expectException(violation("unknown-state", "state"));
    }

    @Test
    void refusesAStartThatIsNotTheFirstDayOfAMonth() {
        fixture.givenNoPriorActivity()
                .when(establish().effectiveFrom(LocalDate.of(2026, 1, 15)).build())
                .expectNoEvents()
                .expectException(violation("not-period-start", "effectiveFrom"));
    }

    @Test
    void refusesAnInitialTermEndingOnItsFirstDay() {
        fixture.givenNoPriorActivity()
                .when(establish().effectiveTo(START).build())
                .expectNoEvents()
                .expectException(violation("term-inverted", "effectiveTo"));
    }

    @Test
    void refusesAnInitialTermEndingBeforeItStarts() {
        fixture.givenNoPriorActivity()
                .when(establish().effectiveTo(START.minusDays(1)).build())
                .expectNoEvents()
                .expectException(violation("term-inverted", "effectiveTo"));
    }

    @Test
    void refusesAnEmptyFeeSchedule() {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample().feeSchedule().fmvRanges().build()).build())
                .expectNoEvents()
                .expectException(violation("fee-schedule-empty", "terms.feeSchedule"));
    }

    @Test
    void refusesAServiceListedTwice() {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample().addFee(FeeTerm.fixedMonthly("HR", usd("1000.00"))).build()).build())
                .expectNoEvents()
                .expectException(violation("duplicate-service", "terms.feeSchedule[4].serviceCode"));
    }

    @Test
    void refusesAFixedMonthlyFeeWithoutAmount() {
        FeeTerm noAmount = new FeeTerm("HR", FeeType.FIXED_MONTHLY, null, null, null, null, null);

        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample().replaceFee(1, noAmount).build()).build())
                .expectNoEvents()
                .expectException(violation("missing-field", "terms.feeSchedule[1].amount"));
    }

    @Test
    void refusesAParameterThatDoesNotApplyToTheFeeType() {
        FeeTerm withRate = new FeeTerm("HR", FeeType.FIXED_MONTHLY, usd("2500.00"), pct("6.00"), null, null, null);

        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample().replaceFee(1, withRate).build()).build())
                .expectNoEvents()
                .expectException(violation("field-not-allowed", "terms.feeSchedule[1].rate"));
    }

    @Test
    void refusesAZeroFixedMonthlyAmount() {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample().replaceFee(1, FeeTerm.fixedMonthly("HR", usd("0.00"))).build()).build())
                .expectNoEvents()
                .expectException(violation("invalid-amount", "terms.feeSchedule[1].amount"));
    }

    @Test
    void refusesAZeroUnitPrice() {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample()
                        .replaceFee(2, FeeTerm.perUnit("IT", usd("0.00"), "provider")).build()).build())
                .expectNoEvents()
                .expectException(violation("invalid-amount", "terms.feeSchedule[2].unitPrice"));
    }

    @ParameterizedTest(name = "rate {0}")
    @ValueSource(strings = {"0.00", "100.01"})
    void refusesAPercentOfCollectionsRateOutside0To100(String rate) {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample()
                        .replaceFee(0, FeeTerm.percentOfCollections("BILLING", pct(rate))).build()).build())
                .expectNoEvents()
                .expectException(violation("invalid-rate", "terms.feeSchedule[0].rate"));
    }

    @Test
    void refusesAnAmountInAnotherCurrencyThanTheAgreements() {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample()
                        .replaceFee(1, FeeTerm.fixedMonthly("HR", Money.parse("2500.00", "EUR"))).build()).build())
                .expectNoEvents()
                .expectException(violation("currency-mismatch", "terms.feeSchedule[1].amount"));
    }

    @Test
    void refusesARiskShareOfZero() {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample()
                        .riskSharing(new RiskSharingTerms(pct("0.00"), usd("50000.00"), usd("25000.00"))).build()).build())
                .expectNoEvents()
                .expectException(violation("invalid-share", "terms.riskSharing.msoShare"));
    }

    @Test
    void refusesADistributionScheduleWhoseStakesDoNotSumToExactly100() {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample()
                        .distribution(owner("physicians", "Harbor Physician Owners", "51.00"),
                                owner("investor", "Summit Health Partners LP", "48.99")).build()).build())
                .expectNoEvents()
                .expectException(violation("stakes-not-100", "terms.distributionSchedule"))
                .expectExceptionMessage("the stakes in terms.distributionSchedule sum to 99.99, not exactly 100.00");
    }

    @Test
    void refusesAnFmvRangeForAServiceNotInTheFeeSchedule() {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample()
                        .fmvRanges(new FmvRange("LEGAL", usd("10000.00"), usd("20000.00"))).build()).build())
                .expectNoEvents()
                .expectException(violation("unknown-service", "terms.fmvRanges[0].serviceCode"));
    }

    @Test
    void refusesAnFmvRangeWhoseMinimumExceedsItsMaximum() {
        fixture.givenNoPriorActivity()
                .when(establish().terms(workedExample()
                        .fmvRanges(new FmvRange("BILLING", usd("150000.00"), usd("60000.00"))).build()).build())
                .expectNoEvents()
                .expectException(violation("fmv-range-inverted", "terms.fmvRanges[0].annualMax"));
    }

    // --- amending ---

    @Test
    void amendsTheTermsFromTheFirstOfAFutureMonthAsVersion2() {
        AgreementTerms raised = workedExample().replaceFee(1, FeeTerm.fixedMonthly("HR", usd("2750.00"))).build();
        AgreementAmended expected = new AgreementAmended(AGREEMENT_ID, "amd-2026-12", 2, NEXT_MONTH, "FMV-2026-007", raised);

        fixture.given(established(establish().build()))
                .when(new AmendAgreement(AGREEMENT_ID, "amd-2026-12", NEXT_MONTH, "FMV-2026-007", raised))
                .expectSuccessfulHandlerExecution()
                .expectEvents(expected)
                .expectResultMessagePayload(expected);
    }

    @Test
    void numbersASecondAmendmentVersion3() {
        AgreementAmended first = amended("amd-1", 2, NEXT_MONTH);
        AgreementAmended expected = new AgreementAmended(AGREEMENT_ID, "amd-2", 3, LocalDate.of(2027, 4, 1), null,
                workedExample().build());

        fixture.given(established(establish().build()), first)
                .when(new AmendAgreement(AGREEMENT_ID, "amd-2", LocalDate.of(2027, 4, 1), null, workedExample().build()))
                .expectEvents(expected)
                .expectResultMessagePayload(expected);
    }

    @Test
    void refusesAnAmendmentTakingEffectToday() {
        // a clock on the first of a month, so "today" is the only thing wrong with the date
        fixtureAt(Instant.parse("2026-12-01T09:00:00Z"))
                .given(established(establish().build()))
                .when(amend("amd-1", LocalDate.of(2026, 12, 1)))
                .expectNoEvents()
                .expectException(violation("terms-set-in-advance", "effectiveFrom"));
    }

    @Test
    void refusesAnAmendmentTakingEffectInThePast() {
        fixture.given(established(establish().build()))
                .when(amend("amd-1", LocalDate.of(2026, 11, 1)))
                .expectNoEvents()
                .expectException(violation("terms-set-in-advance", "effectiveFrom"))
                .expectExceptionMessage("amended terms must take effect after today (" + TODAY
                        + "); past and current periods keep their terms (rule terms-set-in-advance; "
                        + "42 C.F.R. § 1001.952(d)(1) (compensation methodology set in advance))");
    }

    @Test
    void refusesAnAmendmentTakingEffectMidMonth() {
        fixture.given(established(establish().build()))
                .when(amend("amd-1", LocalDate.of(2026, 12, 15)))
                .expectNoEvents()
                .expectException(violation("terms-set-in-advance", "effectiveFrom"));
    }

    @Test
    void refusesAnAmendmentStartingBeforeTheLatestVersion() {
        fixture.given(established(establish().build()), amended("amd-1", 2, LocalDate.of(2027, 3, 1)))
                .when(amend("amd-2", LocalDate.of(2027, 2, 1)))
                .expectNoEvents()
                .expectException(violation("amendment-out-of-order", "effectiveFrom"));
    }

    @Test
    void refusesAnAmendmentStartingTheSameDayAsTheLatestVersion() {
        fixture.given(established(establish().build()), amended("amd-1", 2, LocalDate.of(2027, 3, 1)))
                .when(amend("amd-2", LocalDate.of(2027, 3, 1)))
                .expectNoEvents()
                .expectException(violation("amendment-out-of-order", "effectiveFrom"));
    }

    @Test
    void refusesAnAmendmentStartingBeforeAFutureAgreementStarts() {
        fixture.given(established(establish().effectiveFrom(LocalDate.of(2027, 1, 1)).build()))
                .when(amend("amd-1", NEXT_MONTH))
                .expectNoEvents()
                .expectException(violation("amendment-out-of-order", "effectiveFrom"));
    }

    @Test
    void refusesAnAmendmentStartingAfterTheTerminationDate() {
        fixture.given(established(establish().build()),
                        new AgreementTerminated(AGREEMENT_ID, LocalDate.of(2027, 1, 31), "practice sold"))
                .when(amend("amd-1", LocalDate.of(2027, 2, 1)))
                .expectNoEvents()
                .expectException(violation("after-agreement-end", "effectiveFrom"))
                .expectExceptionMessage("the agreement ends on 2027-01-31");
    }

    @Test
    void refusesAnAmendmentStartingAfterTheInitialTermEnds() {
        fixture.given(established(establish().build()))
                .when(amend("amd-1", END_OF_INITIAL_TERM.plusDays(1)))
                .expectNoEvents()
                .expectException(violation("after-agreement-end", "effectiveFrom"));
    }

    @Test
    void refusesInconsistentAmendedTerms() {
        AgreementTerms tooHigh = workedExample().replaceFee(0, FeeTerm.percentOfCollections("BILLING", pct("100.01"))).build();

        fixture.given(established(establish().build()))
                .when(new AmendAgreement(AGREEMENT_ID, "amd-1", NEXT_MONTH, null, tooHigh))
                .expectNoEvents()
                .expectException(violation("invalid-rate", "terms.feeSchedule[0].rate"));
    }

    @Test
    void refusesAmendedTermsInAnotherCurrencyThanTheAgreements() {
        AgreementTerms inEuro = workedExample().replaceFee(1, FeeTerm.fixedMonthly("HR", Money.parse("2500.00", "EUR"))).build();

        fixture.given(established(establish().build()))
                .when(new AmendAgreement(AGREEMENT_ID, "amd-1", NEXT_MONTH, null, inEuro))
                .expectNoEvents()
                .expectException(violation("currency-mismatch", "terms.feeSchedule[1].amount"));
    }

    @Test
    void refusesAMalformedAmendmentId() {
        fixture.given(established(establish().build()))
                .when(amend("amd 1", NEXT_MONTH))
                .expectNoEvents()
                .expectException(violation("invalid-id", "amendmentId"));
    }

    @Test
    void answersARepeatedAmendmentWithTheOriginalAndRecordsNothing() {
        AgreementAmended original = amended("amd-1", 2, NEXT_MONTH);

        fixture.given(established(establish().build()), original)
                .when(amend("amd-1", NEXT_MONTH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(original);
    }

    @Test
    void answersARepeatedAmendmentWithTheOriginalEvenOnceItsDateHasPassed() {
        // recorded in October for November; repeated on 29 November
        AgreementAmended original = amended("amd-1", 2, LocalDate.of(2026, 11, 1));

        fixture.given(established(establish().build()), original)
                .when(amend("amd-1", LocalDate.of(2026, 11, 1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(original);
    }

    @Test
    void refusesAnAmendmentIdReusedForOtherContentAsAConflict() {
        fixture.given(established(establish().build()), amended("amd-1", 2, NEXT_MONTH))
                .when(amend("amd-1", LocalDate.of(2027, 1, 1)))
                .expectNoEvents()
                .expectException(conflict("id-reused", "amendmentId"));
    }

    @Test
    void refusesAnAmendmentIdReusedWithOtherTermsAsAConflict() {
        AgreementTerms other = workedExample().replaceFee(1, FeeTerm.fixedMonthly("HR", usd("2600.00"))).build();

        fixture.given(established(establish().build()), amended("amd-1", 2, NEXT_MONTH))
                .when(new AmendAgreement(AGREEMENT_ID, "amd-1", NEXT_MONTH, null, other))
                .expectNoEvents()
                .expectException(conflict("id-reused", "amendmentId"));
    }

    private static AmendAgreement amend(String amendmentId, LocalDate effectiveFrom) {
        return new AmendAgreement(AGREEMENT_ID, amendmentId, effectiveFrom, null, workedExample().build());
    }

    private static AgreementAmended amended(String amendmentId, int version, LocalDate effectiveFrom) {
        return new AgreementAmended(AGREEMENT_ID, amendmentId, version, effectiveFrom, null, workedExample().build());
    }

    // --- terminating ---

    @Test
    void terminatesEffectiveTodayAndFlagsATermShorterThanAYear() {
        AgreementTerminated expected = new AgreementTerminated(AGREEMENT_ID, TODAY, "practice sold");
        // started 2026-01-01: ending on 2026-11-29 leaves it short of the safe harbor's year
        ComplianceFlagRaised shortTerm = new ComplianceFlagRaised(AGREEMENT_ID, "minimum-term:term", "minimum-term",
                RulesFile.standard().all().stream().filter(r -> r.id().equals("minimum-term")).findFirst().orElseThrow().citation(),
                "the agreement runs from 2026-01-01 to 2026-11-29 (termination), shorter than the 12 months that end on 2026-12-31",
                Map.of("state", "CA", "effectiveFrom", "2026-01-01", "effectiveTo", "2026-11-29", "endSetBy", "termination",
                        "minimumMonths", "12", "minimumTermEnds", "2026-12-31", "rulesVersion", RulesFile.standard().version()));

        fixture.given(established(establish().build()))
                .when(new TerminateAgreement(AGREEMENT_ID, TODAY, "practice sold"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(expected, shortTerm)
                .expectResultMessagePayload(expected);
    }

    @Test
    void terminatesEffectiveOnALaterDate() {
        LocalDate endOfJune = LocalDate.of(2027, 6, 30);
        AgreementTerminated expected = new AgreementTerminated(AGREEMENT_ID, endOfJune, "practice sold");

        fixture.given(established(establish().build()))
                .when(new TerminateAgreement(AGREEMENT_ID, endOfJune, "practice sold"))
                .expectEvents(expected)
                .expectResultMessagePayload(expected);
    }

    @Test
    void terminatesEffectiveOnTheLastDayOfTheInitialTerm() {
        fixture.given(established(establish().build()))
                .when(new TerminateAgreement(AGREEMENT_ID, END_OF_INITIAL_TERM, "not renewed"))
                .expectEvents(new AgreementTerminated(AGREEMENT_ID, END_OF_INITIAL_TERM, "not renewed"));
    }

    @Test
    void refusesATerminationInThePast() {
        fixture.given(established(establish().build()))
                .when(new TerminateAgreement(AGREEMENT_ID, TODAY.minusDays(1), "practice sold"))
                .expectNoEvents()
                .expectException(violation("termination-in-past", "effectiveTo"));
    }

    @Test
    void refusesATerminationBeforeTheAgreementStarts() {
        fixture.given(established(establish().effectiveFrom(LocalDate.of(2027, 1, 1)).build()))
                .when(new TerminateAgreement(AGREEMENT_ID, LocalDate.of(2026, 12, 31), "deal fell through"))
                .expectNoEvents()
                .expectException(violation("term-inverted", "effectiveTo"));
    }

    @Test
    void refusesATerminationAfterTheInitialTermEnds() {
        fixture.given(established(establish().build()))
                .when(new TerminateAgreement(AGREEMENT_ID, END_OF_INITIAL_TERM.plusDays(1), "practice sold"))
                .expectNoEvents()
                .expectException(violation("after-agreement-end", "effectiveTo"));
    }

    @Test
    void refusesABlankReason() {
        fixture.given(established(establish().build()))
                .when(new TerminateAgreement(AGREEMENT_ID, TODAY, "  "))
                .expectNoEvents()
                .expectException(violation("invalid-text", "reason"));
    }

    @Test
    void refusesAMissingReason() {
        fixture.given(established(establish().build()))
                .when(new TerminateAgreement(AGREEMENT_ID, TODAY, null))
                .expectNoEvents()
                .expectException(violation("missing-field", "reason"));
    }

    @Test
    void answersARepeatedTerminationWithTheOriginalAndRecordsNothing() {
        AgreementTerminated original = new AgreementTerminated(AGREEMENT_ID, LocalDate.of(2027, 6, 30), "practice sold");

        fixture.given(established(establish().build()), original)
                .when(new TerminateAgreement(AGREEMENT_ID, LocalDate.of(2027, 6, 30), "practice sold"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(original);
    }

    @Test
    void refusesASecondTerminationWithAnotherDateAsAConflict() {
        fixture.given(established(establish().build()),
                        new AgreementTerminated(AGREEMENT_ID, LocalDate.of(2027, 6, 30), "practice sold"))
                .when(new TerminateAgreement(AGREEMENT_ID, LocalDate.of(2027, 3, 31), "practice sold"))
                .expectNoEvents()
                .expectException(conflict("already-terminated", "effectiveTo"));
    }

    @Test
    void refusesASecondTerminationWithAnotherReasonAsAConflict() {
        fixture.given(established(establish().build()),
                        new AgreementTerminated(AGREEMENT_ID, LocalDate.of(2027, 6, 30), "practice sold"))
                .when(new TerminateAgreement(AGREEMENT_ID, LocalDate.of(2027, 6, 30), "merged into another group"))
                .expectNoEvents()
                .expectException(conflict("already-terminated", "effectiveTo"));
    }

    // --- the worked example of DESIGN.md, and small builders to break one thing at a time ---

    private static Money usd(String amount) {
        return Money.parse(amount, "USD");
    }

    private static Percent pct(String percent) {
        return Percent.parse(percent);
    }

    private static Owner owner(String id, String name, String stake) {
        return new Owner(id, name, pct(stake));
    }

    /**
     * BILLING 6.00% of collections, HR 2500.00 a month, IT 150.00 per provider, FACILITY cost + 10.00%;
     * the MSO shares 20.00% of the practice's result within a 50000.00 cap and 25000.00 floor; profit
     * goes 51.00/49.00 to physician owners and the investor; an FMV opinion covers BILLING.
     */
    private static TermsBuilder workedExample() {
        return new TermsBuilder();
    }

    private static EstablishBuilder establish() {
        return new EstablishBuilder();
    }

    private static AgreementEstablished established(EstablishAgreement command) {
        return new AgreementEstablished(command.agreementId(), command.msoId(), command.practiceId(), command.currency(),
                command.state(), command.effectiveFrom(), command.effectiveTo(), command.fmvOpinionReference(),
                command.terms());
    }

    private static final class TermsBuilder {
        private List<FeeTerm> fees = new ArrayList<>(List.of(
                FeeTerm.percentOfCollections("BILLING", pct("6.00")),
                FeeTerm.fixedMonthly("HR", usd("2500.00")),
                FeeTerm.perUnit("IT", usd("150.00"), "provider"),
                FeeTerm.costPlus("FACILITY", pct("10.00"))));
        private RiskSharingTerms riskSharing = new RiskSharingTerms(pct("20.00"), usd("50000.00"), usd("25000.00"));
        private List<Owner> distribution = List.of(
                owner("physicians", "Harbor Physician Owners", "51.00"),
                owner("investor", "Summit Health Partners LP", "49.00"));
        private List<FmvRange> fmvRanges = List.of(new FmvRange("BILLING", usd("60000.00"), usd("150000.00")));

        TermsBuilder feeSchedule(FeeTerm... fees) {
            this.fees = new ArrayList<>(Arrays.asList(fees));
            return this;
        }

        TermsBuilder addFee(FeeTerm fee) {
            fees.add(fee);
            return this;
        }

        TermsBuilder replaceFee(int index, FeeTerm fee) {
            fees.set(index, fee);
            return this;
        }

        TermsBuilder riskSharing(RiskSharingTerms riskSharing) {
            this.riskSharing = riskSharing;
            return this;
        }

        TermsBuilder distribution(Owner... owners) {
            this.distribution = List.of(owners);
            return this;
        }

        TermsBuilder fmvRanges(FmvRange... ranges) {
            this.fmvRanges = List.of(ranges);
            return this;
        }

        AgreementTerms build() {
            return new AgreementTerms(fees, riskSharing, distribution, fmvRanges);
        }
    }

    private static final class EstablishBuilder {
        private PartyId msoId = MSO_ID;
        private PartyId practiceId = PRACTICE_ID;
        private String currency = "USD";
        private String state = "CA";
        private LocalDate effectiveFrom = START;
        private LocalDate effectiveTo = END_OF_INITIAL_TERM;
        private String fmvOpinion = FMV_OPINION;
        private AgreementTerms terms = workedExample().build();

        EstablishBuilder msoId(PartyId msoId) {
            this.msoId = msoId;
            return this;
        }

        EstablishBuilder practiceId(PartyId practiceId) {
            this.practiceId = practiceId;
            return this;
        }

        EstablishBuilder currency(String currency) {
            this.currency = currency;
            return this;
        }

        EstablishBuilder state(String state) {
            this.state = state;
            return this;
        }

        EstablishBuilder effectiveFrom(LocalDate effectiveFrom) {
            this.effectiveFrom = effectiveFrom;
            return this;
        }

        EstablishBuilder effectiveTo(LocalDate effectiveTo) {
            this.effectiveTo = effectiveTo;
            return this;
        }

        EstablishBuilder fmvOpinion(String fmvOpinion) {
            this.fmvOpinion = fmvOpinion;
            return this;
        }

        EstablishBuilder terms(AgreementTerms terms) {
            this.terms = terms;
            return this;
        }

        EstablishAgreement build() {
            return new EstablishAgreement(AGREEMENT_ID, msoId, practiceId, currency, state, effectiveFrom, effectiveTo,
                    fmvOpinion, terms);
        }
    }
}
