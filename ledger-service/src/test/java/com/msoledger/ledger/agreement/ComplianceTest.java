package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.AmendAgreement;
import com.msoledger.api.agreement.EstablishAgreement;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.agreement.FmvRange;
import com.msoledger.api.agreement.TerminateAgreement;
import com.msoledger.api.compliance.ComplianceFlagCleared;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.api.entry.Accounts;
import com.msoledger.api.entry.ChargeServiceFee;
import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.entry.PaymentDirection;
import com.msoledger.api.entry.PaymentRecorded;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.entry.ReverseEntry;
import com.msoledger.api.entry.ServiceFeeCharged;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.common.ComplianceViolation;
import com.msoledger.ledger.compliance.ComplianceRules;
import com.msoledger.ledger.compliance.RulesFile;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.msoledger.ledger.common.RuleViolationMatchers.violation;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every compliance rule of the shipped rules file, in both directions: what makes it refuse or flag,
 * and what does not. Today is 2026-11-29; agreements start on 2026-10-01.
 */
class ComplianceTest {

    private static final AgreementId AGREEMENT_ID = AgreementId.of("msa-compliance");
    private static final PartyId MSO_ID = PartyId.of("mso-acme");
    private static final PartyId PRACTICE_ID = PartyId.of("practice-sunrise");
    private static final Map<PartyId, PartyKind> REGISTERED = Map.of(MSO_ID, PartyKind.MSO, PRACTICE_ID, PartyKind.PRACTICE);
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final LocalDate START = LocalDate.of(2026, 10, 1);
    private static final String FMV_OPINION = "FMV-2026-17";

    private static final FeeTerm BILLING_PERCENT = FeeTerm.percentOfCollections("BILLING", Percent.parse("6.00"));
    private static final FeeTerm BILLING_FIXED = FeeTerm.fixedMonthly("BILLING", usd("12000.00"));
    private static final FeeTerm HR = FeeTerm.fixedMonthly("HR", usd("2500.00"));
    private static final FmvRange BILLING_RANGE = new FmvRange("BILLING", usd("100000.00"), usd("200000.00"));

    private static final ComplianceRules RULES = RulesFile.standard();

    private FixtureConfiguration<Agreement> fixture;
    private InMemoryEntryBook book;

    @BeforeEach
    void setUp() {
        fixture = fixture(RULES);
    }

    private FixtureConfiguration<Agreement> fixture(ComplianceRules rules) {
        book = new InMemoryEntryBook(AGREEMENT_ID);
        FixtureConfiguration<Agreement> configured = new AggregateTestFixture<>(Agreement.class);
        configured.registerInjectableResource((PartyDirectory) id -> Optional.ofNullable(REGISTERED.get(id)));
        configured.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        configured.registerInjectableResource(book);
        configured.registerInjectableResource(rules);
        return configured;
    }

    // ------------------------------------------------------------ ny-percentage-fee (REFUSE)

    @Nested
    class NewYorkPercentageFees {

        @Test
        void refusesAnAgreementWithAPercentageOfCollectionsFee() {
            fixture.givenNoPriorActivity()
                    .when(establish("NY", FMV_OPINION, null, terms(HR, BILLING_PERCENT)))
                    .expectNoEvents()
                    .expectException(violation("ny-percentage-fee", "terms.feeSchedule[1].feeType"))
                    .expectException(ComplianceViolation.class)
                    .expectExceptionMessage("BILLING is charged at 6.00% of collections, a fee dependent on the practice's "
                            + "income, which rule ny-percentage-fee refuses for agreements operating in NY "
                            + "(rule ny-percentage-fee; N.Y. Educ. Law § 6530(19))");
        }

        @Test
        void refusesItEvenWithAnFmvOpinionOnFile() {
            fixture.givenNoPriorActivity()
                    .when(establish("NY", FMV_OPINION, null, terms(BILLING_PERCENT)))
                    .expectNoEvents()
                    .expectException(violation("ny-percentage-fee", "terms.feeSchedule[0].feeType"));
        }

        @Test
        void establishesAnAgreementWithFixedFeesWithoutAFlag() {
            EstablishAgreement command = establish("NY", null, null, terms(HR, BILLING_FIXED));
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(established(command));
        }

        @Test
        void refusesAnAmendmentThatIntroducesAPercentageFee() {
            fixture.given(established(establish("NY", null, null, terms(HR, BILLING_FIXED))))
                    .when(new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2027, 1, 1), null, terms(HR, BILLING_PERCENT)))
                    .expectNoEvents()
                    .expectException(violation("ny-percentage-fee", "terms.feeSchedule[1].feeType"));
        }

        @Test
        void acceptsAnAmendmentWithFixedFees() {
            AgreementTerms raised = terms(FeeTerm.fixedMonthly("HR", usd("2750.00")), BILLING_FIXED);
            fixture.given(established(establish("NY", null, null, terms(HR, BILLING_FIXED))))
                    .when(new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2027, 1, 1), null, raised))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new AgreementAmended(AGREEMENT_ID, "amd-1", 2, LocalDate.of(2027, 1, 1), null, raised));
        }
    }

    // ------------------------------------------------------------ fl-percentage-fee, il-percentage-fee (FLAG)

    @Nested
    class FloridaAndIllinoisPercentageFees {

        @ParameterizedTest(name = "in {0}")
        @ValueSource(strings = {"FL", "IL"})
        void flagsAPercentageFeeButRecordsTheAgreement(String state) {
            EstablishAgreement command = establish(state, FMV_OPINION, null, terms(HR, BILLING_PERCENT));
            List<Object> events = published(fixture.givenNoPriorActivity(), command);

            assertThat(events).hasSize(2);
            assertThat(events.get(0)).isEqualTo(established(command));
            ComplianceFlagRaised flag = (ComplianceFlagRaised) events.get(1);
            String rule = state.toLowerCase() + "-percentage-fee";
            assertThat(flag.flagId()).isEqualTo(rule + ":BILLING");
            assertThat(flag.ruleId()).isEqualTo(rule);
            assertThat(flag.citation()).isEqualTo(citation(rule));
            assertThat(flag.facts()).containsEntry("serviceCode", "BILLING").containsEntry("rate", "6.00")
                    .containsEntry("feeType", "PERCENT_OF_COLLECTIONS").containsEntry("state", state)
                    .containsEntry("termsVersion", "1").containsEntry("termsEffectiveFrom", "2026-10-01")
                    .containsEntry("rulesVersion", RULES.version());
            assertThat(flag.summary()).isEqualTo("BILLING is charged at 6.00% of collections under terms version 1 "
                    + "(from 2026-10-01), a percentage fee flagged in " + state);
        }

        @ParameterizedTest(name = "in {0}")
        @ValueSource(strings = {"FL", "IL"})
        void raisesNothingForFixedFees(String state) {
            EstablishAgreement command = establish(state, null, null, terms(HR, BILLING_FIXED));
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectEvents(established(command));
        }

        @Test
        void raisesNothingForAPercentageFeeInAStateWithoutSuchARule() {
            EstablishAgreement command = establish("TX", null, null, terms(BILLING_PERCENT));
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectEvents(established(command));
        }

        @Test
        void clearsTheFlagWhenAnAmendmentDropsThePercentageFee() {
            AgreementEstablished established = established(establish("FL", null, null, terms(HR, BILLING_PERCENT)));
            AmendAgreement amend = new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2027, 1, 1), null,
                    terms(HR, BILLING_FIXED));
            List<Object> events = published(fixture.given(established, raised("fl-percentage-fee:BILLING", "fl-percentage-fee")),
                    amend);

            assertThat(events).hasSize(2).first().isInstanceOf(AgreementAmended.class);
            ComplianceFlagCleared cleared = (ComplianceFlagCleared) events.get(1);
            assertThat(cleared.flagId()).isEqualTo("fl-percentage-fee:BILLING");
            assertThat(cleared.ruleId()).isEqualTo("fl-percentage-fee");
            assertThat(cleared.facts()).containsEntry("feeType", "FIXED_MONTHLY").containsEntry("termsVersion", "2")
                    .containsEntry("termsEffectiveFrom", "2027-01-01");
        }

        @Test
        void doesNotRaiseTheFlagAgainWhileItIsOpen() {
            AgreementEstablished established = established(establish("FL", null, null, terms(HR, BILLING_PERCENT)));
            AgreementTerms stillPercent = terms(HR, FeeTerm.percentOfCollections("BILLING", Percent.parse("5.50")));
            fixture.given(established, raised("fl-percentage-fee:BILLING", "fl-percentage-fee"))
                    .when(new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2027, 1, 1), null, stillPercent))
                    .expectEvents(new AgreementAmended(AGREEMENT_ID, "amd-1", 2, LocalDate.of(2027, 1, 1), null, stillPercent));
        }

        @Test
        void raisesItAgainWhenALaterAmendmentBringsThePercentageFeeBack() {
            AgreementEstablished established = established(establish("IL", null, null, terms(HR, BILLING_FIXED)));
            List<Object> events = published(fixture.given(established),
                    new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2027, 1, 1), null, terms(HR, BILLING_PERCENT)));

            assertThat(events).hasSize(2);
            ComplianceFlagRaised flag = (ComplianceFlagRaised) events.get(1);
            assertThat(flag.flagId()).isEqualTo("il-percentage-fee:BILLING");
            assertThat(flag.facts()).containsEntry("termsVersion", "2").containsEntry("termsEffectiveFrom", "2027-01-01");
        }
    }

    // ------------------------------------------------------------ ca-percentage-fee-without-fmv-opinion (FLAG)

    @Nested
    class CaliforniaPercentageFeesWithoutAnFmvOpinion {

        @Test
        void flagsAPercentageFeeWithoutAnFmvOpinion() {
            EstablishAgreement command = establish("CA", null, null, terms(HR, BILLING_PERCENT));
            List<Object> events = published(fixture.givenNoPriorActivity(), command);

            assertThat(events).hasSize(2);
            ComplianceFlagRaised flag = (ComplianceFlagRaised) events.get(1);
            assertThat(flag.flagId()).isEqualTo("ca-percentage-fee-without-fmv-opinion:BILLING");
            assertThat(flag.citation()).isEqualTo("Cal. Bus. & Prof. Code § 650(b)");
            assertThat(flag.facts()).containsEntry("fmvOpinionReference", "none").containsEntry("rate", "6.00");
            assertThat(flag.summary()).endsWith("and no FMV opinion is on file");
        }

        @Test
        void raisesNothingWithAnFmvOpinionOnFile() {
            EstablishAgreement command = establish("CA", FMV_OPINION, null, terms(HR, BILLING_PERCENT));
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectEvents(established(command));
        }

        @Test
        void raisesNothingForFixedFeesWithoutAnOpinion() {
            EstablishAgreement command = establish("CA", null, null, terms(HR, BILLING_FIXED));
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectEvents(established(command));
        }

        @Test
        void clearsTheFlagWhenAnAmendmentPutsAnFmvOpinionOnFile() {
            AgreementEstablished established = established(establish("CA", null, null, terms(HR, BILLING_PERCENT)));
            String flagId = "ca-percentage-fee-without-fmv-opinion:BILLING";
            List<Object> events = published(fixture.given(established, raised(flagId, "ca-percentage-fee-without-fmv-opinion")),
                    new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2027, 1, 1), "FMV-2027-02", terms(HR, BILLING_PERCENT)));

            assertThat(events).hasSize(2);
            ComplianceFlagCleared cleared = (ComplianceFlagCleared) events.get(1);
            assertThat(cleared.flagId()).isEqualTo(flagId);
            assertThat(cleared.facts()).containsEntry("fmvOpinionReference", "FMV-2027-02");
        }

        @Test
        void keepsAnFmvOpinionGivenEarlierWhenAnAmendmentNamesNone() {
            AgreementEstablished established = established(establish("CA", FMV_OPINION, null, terms(HR, BILLING_FIXED)));
            AmendAgreement amend = new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2027, 1, 1), null,
                    terms(HR, BILLING_PERCENT));
            fixture.given(established)
                    .when(amend)
                    .expectEvents(new AgreementAmended(AGREEMENT_ID, "amd-1", 2, LocalDate.of(2027, 1, 1), null,
                            terms(HR, BILLING_PERCENT)));
        }
    }

    // ------------------------------------------------------------ terms-set-in-advance (REFUSE)

    @Nested
    class TermsSetInAdvance {

        @ParameterizedTest(name = "effective {0}")
        @ValueSource(strings = {"2026-10-01", "2026-11-01", "2026-12-15"})
        void refusesTermsChangedWithEffectInsideAPastOpenOrPartlyElapsedPeriod(String effectiveFrom) {
            fixture.given(established(establish("CA", FMV_OPINION, null, terms(HR, BILLING_PERCENT))))
                    .when(new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.parse(effectiveFrom), null, terms(HR, BILLING_FIXED)))
                    .expectNoEvents()
                    .expectException(violation("terms-set-in-advance", "effectiveFrom"))
                    .expectException(ComplianceViolation.class);
        }

        @Test
        void namesTheRuleAndItsCitationInTheRefusal() {
            fixture.given(established(establish("CA", FMV_OPINION, null, terms(HR, BILLING_PERCENT))))
                    .when(new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2026, 12, 15), null, terms(HR, BILLING_FIXED)))
                    .expectExceptionMessage("amended terms must take effect on the first day of a month, never mid-period "
                            + "(rule terms-set-in-advance; 42 C.F.R. § 1001.952(d)(1) (compensation methodology set in advance))");
        }

        @Test
        void acceptsTermsSetForTheFirstDayOfAFutureMonth() {
            fixture.given(established(establish("CA", FMV_OPINION, null, terms(HR, BILLING_PERCENT))))
                    .when(new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2026, 12, 1), null, terms(HR, BILLING_FIXED)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new AgreementAmended(AGREEMENT_ID, "amd-1", 2, LocalDate.of(2026, 12, 1), null,
                            terms(HR, BILLING_FIXED)));
        }

        @Test
        void stillRefusesUnderTheLedgersOwnRuleWhenTheRulesFileHasNone() {
            ComplianceRules withoutIt = RulesFile.parse("test.yaml", """
                    version: "1"
                    rules:
                      - id: fmv-range
                        states: ["*"]
                        check: FMV_RANGE
                        action: FLAG
                        rationale: r
                        citation: c
                    """);
            fixture(withoutIt).given(established(establish("CA", FMV_OPINION, null, terms(HR))))
                    .when(new AmendAgreement(AGREEMENT_ID, "amd-1", LocalDate.of(2026, 11, 1), null, terms(HR)))
                    .expectNoEvents()
                    .expectException(violation("amendment-not-in-future", "effectiveFrom"));
        }
    }

    // ------------------------------------------------------------ minimum-term (FLAG)

    @Nested
    class MinimumTerm {

        @Test
        void flagsAnInitialTermShorterThanAYear() {
            EstablishAgreement command = establish("CA", FMV_OPINION, LocalDate.of(2027, 9, 29), terms(HR));
            List<Object> events = published(fixture.givenNoPriorActivity(), command);

            assertThat(events).hasSize(2);
            ComplianceFlagRaised flag = (ComplianceFlagRaised) events.get(1);
            assertThat(flag.flagId()).isEqualTo("minimum-term:term");
            assertThat(flag.facts()).containsEntry("effectiveTo", "2027-09-29").containsEntry("minimumTermEnds", "2027-09-30")
                    .containsEntry("minimumMonths", "12").containsEntry("endSetBy", "initial term");
        }

        @Test
        void raisesNothingForATermOfExactlyAYear() {
            EstablishAgreement command = establish("CA", FMV_OPINION, LocalDate.of(2027, 9, 30), terms(HR));
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectEvents(established(command));
        }

        @Test
        void raisesNothingForAnOpenEndedAgreement() {
            EstablishAgreement command = establish("CA", FMV_OPINION, null, terms(HR));
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectEvents(established(command));
        }

        @Test
        void flagsATerminationThatEndsTheAgreementWithinItsFirstYear() {
            List<Object> events = published(fixture.given(established(establish("CA", FMV_OPINION, null, terms(HR)))),
                    new TerminateAgreement(AGREEMENT_ID, LocalDate.of(2027, 3, 31), "practice sold"));

            assertThat(events).hasSize(2).first().isInstanceOf(AgreementTerminated.class);
            ComplianceFlagRaised flag = (ComplianceFlagRaised) events.get(1);
            assertThat(flag.flagId()).isEqualTo("minimum-term:term");
            assertThat(flag.facts()).containsEntry("endSetBy", "termination").containsEntry("effectiveTo", "2027-03-31");
        }

        @Test
        void raisesNothingForATerminationAfterTheFirstYear() {
            fixture.given(established(establish("CA", FMV_OPINION, null, terms(HR))))
                    .when(new TerminateAgreement(AGREEMENT_ID, LocalDate.of(2027, 10, 31), "practice sold"))
                    .expectEvents(new AgreementTerminated(AGREEMENT_ID, LocalDate.of(2027, 10, 31), "practice sold"));
        }

        @Test
        void doesNotRaiseItAgainWhenAShortTermIsTerminatedEvenSooner() {
            AgreementEstablished shortTerm = established(establish("CA", FMV_OPINION, LocalDate.of(2027, 6, 30), terms(HR)));
            fixture.given(shortTerm, raised("minimum-term:term", "minimum-term"))
                    .when(new TerminateAgreement(AGREEMENT_ID, LocalDate.of(2027, 3, 31), "practice sold"))
                    .expectEvents(new AgreementTerminated(AGREEMENT_ID, LocalDate.of(2027, 3, 31), "practice sold"));
        }
    }

    // ------------------------------------------------------------ fmv-range (FLAG)

    @Nested
    class FairMarketValueRange {

        /** CA with an FMV opinion; BILLING 6.00% of collections with an FMV range of 100000.00-200000.00 a year. */
        private final AgreementEstablished workedExample =
                established(establish("CA", FMV_OPINION, null, terms(HR, BILLING_PERCENT)));

        @Test
        void raisesNothingForTheWorkedExamplesOctoberFee() {
            // 12000.00 in one period projects to 144000.00 a year: inside
            ChargeServiceFee october = billing("oct-billing", "2026-10", "2026-10-31", "200000.00");
            fixture.given(workedExample)
                    .when(october)
                    .expectEvents(chargedFor(october, "12000.00"));
        }

        @Test
        void raisesAFlagAsChargesAccumulateAndClearsItAfterAReversal() {
            ServiceFeeCharged first = chargedFor(billing("oct-billing", "2026-10", "2026-10-31", "200000.00"), "12000.00");
            ChargeServiceFee second = billing("oct-billing-2", "2026-10", "2026-10-31", "200000.00");

            // a second 12000.00 for October: 24000.00 in one period projects to 288000.00, above 200000.00
            List<Object> charged = published(given(workedExample, first), second);
            assertThat(charged).hasSize(2).first().isInstanceOf(ServiceFeeCharged.class);
            ComplianceFlagRaised flag = (ComplianceFlagRaised) charged.get(1);
            assertThat(flag.flagId()).isEqualTo("fmv-range:BILLING");
            assertThat(flag.ruleId()).isEqualTo("fmv-range");
            assertThat(flag.facts()).containsEntry("annualised", "288000.00").containsEntry("position", "above")
                    .containsEntry("method", "projected from 1 period").containsEntry("charged", "24000.00")
                    .containsEntry("annualMin", "100000.00").containsEntry("annualMax", "200000.00")
                    .containsEntry("periodsFrom", "2026-10").containsEntry("periodsTo", "2026-10")
                    .containsEntry("entryId", "oct-billing-2").containsEntry("termsVersion", "1");
            assertThat(flag.summary()).isEqualTo("BILLING fees annualise to 288000.00 USD (projected from 1 period, 2026-10 "
                    + "to 2026-10), above the FMV range 100000.00 to 200000.00 of terms version 1");

            // reversing it brings October back to 12000.00: 144000.00 a year, inside, so the flag clears
            ServiceFeeCharged secondCharged = chargedFor(second, "12000.00");
            fixture = fixture(RULES);
            ReverseEntry reversal = new ReverseEntry(AGREEMENT_ID, "rev-1", "oct-billing-2", "charged twice",
                    LocalDate.of(2026, 11, 2), null);
            List<Object> reversed = published(given(workedExample, first, secondCharged, charged.get(1)), reversal);
            assertThat(reversed).hasSize(2).first().isInstanceOf(EntryReversed.class);
            ComplianceFlagCleared cleared = (ComplianceFlagCleared) reversed.get(1);
            assertThat(cleared.flagId()).isEqualTo("fmv-range:BILLING");
            assertThat(cleared.ruleId()).isEqualTo("fmv-range");
            assertThat(cleared.facts()).containsEntry("annualised", "144000.00").containsEntry("position", "inside")
                    .containsEntry("entryId", "rev-1");
        }

        @Test
        void doesNotRaiseTheFlagAgainWhileItIsOpen() {
            ServiceFeeCharged first = chargedFor(billing("c1", "2026-10", "2026-10-31", "200000.00"), "12000.00");
            ServiceFeeCharged second = chargedFor(billing("c2", "2026-10", "2026-10-31", "200000.00"), "12000.00");
            ChargeServiceFee third = billing("c3", "2026-10", "2026-10-31", "200000.00");
            given(workedExample, first, second, raised("fmv-range:BILLING", "fmv-range"))
                    .when(third)
                    .expectEvents(chargedFor(third, "12000.00"));
        }

        @Test
        void flagsFeesBelowTheRange() {
            // 6000.00 in one period projects to 72000.00 a year, below 100000.00
            List<Object> events = published(fixture.given(workedExample),
                    billing("oct-billing", "2026-10", "2026-10-31", "100000.00"));
            ComplianceFlagRaised flag = (ComplianceFlagRaised) events.get(1);
            assertThat(flag.facts()).containsEntry("annualised", "72000.00").containsEntry("position", "below");
        }

        @Test
        void countsAPeriodWithoutChargesAsZero() {
            // October 12000.00, nothing for November, December 12000.00: 24000.00 / 3 periods x 12 = 96000.00, below
            ServiceFeeCharged october = chargedFor(billing("oct", "2026-10", "2026-10-31", "200000.00"), "12000.00");
            List<Object> events = published(given(workedExample, october),
                    billing("dec", "2026-12", "2026-12-31", "200000.00"));
            ComplianceFlagRaised flag = (ComplianceFlagRaised) events.get(1);
            assertThat(flag.facts()).containsEntry("annualised", "96000.00").containsEntry("method", "projected from 3 periods")
                    .containsEntry("periodsFrom", "2026-10").containsEntry("periodsTo", "2026-12");
        }

        @Test
        void usesTheTrailingTwelvePeriodsOnceThereAreTwelve() {
            // October 2026 was 60000.00 (flagged), then 10000.00 a month: at October 2027 the trailing twelve
            // periods (November 2026 to October 2027) hold 120000.00, inside, though all thirteen would be above
            List<Object> history = new ArrayList<>(List.of(workedExample,
                    chargedFor(billing("m0", "2026-10", "2026-10-31", "1000000.00"), "60000.00"),
                    raised("fmv-range:BILLING", "fmv-range")));
            LocalDate month = LocalDate.of(2026, 11, 1);
            for (int i = 1; i <= 11; i++, month = month.plusMonths(1)) {
                history.add(chargedFor(billing("m" + i, Period.of(month).toString(), month.withDayOfMonth(month.lengthOfMonth())
                        .toString(), "166666.67"), "10000.00"));
            }
            List<Object> events = published(given(history.toArray()),
                    billing("m12", "2027-10", "2027-10-31", "166666.67"));

            assertThat(events).hasSize(2);
            ComplianceFlagCleared cleared = (ComplianceFlagCleared) events.get(1);
            assertThat(cleared.facts()).containsEntry("annualised", "120000.00").containsEntry("method", "trailing 12 periods")
                    .containsEntry("periodsFrom", "2026-11").containsEntry("periodsTo", "2027-10");
        }

        @Test
        void raisesNothingForAServiceWithoutAnFmvRange() {
            ChargeServiceFee hr = new ChargeServiceFee(AGREEMENT_ID, "oct-hr", "HR", Period.parse("2026-10"),
                    LocalDate.of(2026, 10, 31), FeeBasis.NONE, null);
            fixture.given(workedExample)
                    .when(hr)
                    .expectEvents(chargedFor(hr, HR, "2500.00"));
        }

        @Test
        void raisesNothingWhenReversingAnEntryThatIsNotAFee() {
            PaymentRecorded payment = paymentRecorded("pay-1", "5000.00");
            ReverseEntry reversal = new ReverseEntry(AGREEMENT_ID, "rev-1", "pay-1", "bounced", LocalDate.of(2026, 11, 2), null);
            List<Object> events = published(given(workedExample, payment), reversal);
            assertThat(events).hasSize(1).first().isInstanceOf(EntryReversed.class);
        }

        @Test
        void followsTheRulesFilesStatesRatherThanApplyingEverywhere() {
            ComplianceRules newYorkOnly = RulesFile.parse("test.yaml", """
                    version: "1"
                    rules:
                      - id: fmv-range-ny
                        states: [NY]
                        check: FMV_RANGE
                        action: FLAG
                        rationale: r
                        citation: c
                    """);
            ChargeServiceFee low = billing("oct-billing", "2026-10", "2026-10-31", "100000.00");
            FixtureConfiguration<Agreement> californiaUnchecked = fixture(newYorkOnly);
            californiaUnchecked.given(workedExample)
                    .when(low)
                    .expectEvents(chargedFor(low, "6000.00"));
        }
    }

    // ------------------------------------------------------------ rules are data

    @Test
    void appliesARefusalTheRulesFileAddsForAnotherState() {
        ComplianceRules texas = RulesFile.parse("test.yaml", """
                version: "1"
                rules:
                  - id: tx-percentage-fee
                    states: [TX]
                    check: PERCENTAGE_FEE
                    action: REFUSE
                    rationale: counsel says so
                    citation: Tex. Occ. Code § 165.155
                """);
        fixture(texas).givenNoPriorActivity()
                .when(establish("TX", null, null, terms(BILLING_PERCENT)))
                .expectNoEvents()
                .expectException(violation("tx-percentage-fee", "terms.feeSchedule[0].feeType"));
    }

    // ------------------------------------------------------------ helpers

    /** Gives the events to the fixture, after recording their entries in the entry book as the store would. */
    private TestExecutor<Agreement> given(Object... events) {
        for (Object event : events) {
            if (event instanceof EntryEvent entry) {
                book.record(entry);
            }
        }
        return fixture.given(events);
    }

    /** Runs the command after the history and returns the payloads of the events it published. */
    private static List<Object> published(TestExecutor<Agreement> history, Object command) {
        List<Object> payloads = new ArrayList<>();
        history.when(command)
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(new BaseMatcher<>() {
                    @Override
                    public boolean matches(Object actual) {
                        for (Object message : (List<?>) actual) {
                            payloads.add(((EventMessage<?>) message).getPayload());
                        }
                        return true;
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("any events");
                    }
                });
        return payloads;
    }

    private static EstablishAgreement establish(String state, String fmvOpinion, LocalDate effectiveTo, AgreementTerms terms) {
        return new EstablishAgreement(AGREEMENT_ID, MSO_ID, PRACTICE_ID, "USD", state, START, effectiveTo, fmvOpinion, terms);
    }

    private static AgreementEstablished established(EstablishAgreement command) {
        return new AgreementEstablished(command.agreementId(), command.msoId(), command.practiceId(), command.currency(),
                command.state(), command.effectiveFrom(), command.effectiveTo(), command.fmvOpinionReference(),
                command.terms());
    }

    /** The fee schedule given, with the BILLING FMV range when BILLING is in it. */
    private static AgreementTerms terms(FeeTerm... fees) {
        boolean billing = List.of(fees).stream().anyMatch(f -> f.serviceCode().equals("BILLING"));
        return new AgreementTerms(List.of(fees), null, List.of(), billing ? List.of(BILLING_RANGE) : List.of());
    }

    private static ComplianceFlagRaised raised(String flagId, String ruleId) {
        return new ComplianceFlagRaised(AGREEMENT_ID, flagId, ruleId, citation(ruleId), "raised earlier", Map.of());
    }

    private static String citation(String ruleId) {
        return RULES.all().stream().filter(r -> r.id().equals(ruleId)).findFirst().orElseThrow().citation();
    }

    private static ChargeServiceFee billing(String chargeId, String period, String effectiveDate, String collections) {
        return new ChargeServiceFee(AGREEMENT_ID, chargeId, "BILLING", Period.parse(period), LocalDate.parse(effectiveDate),
                new FeeBasis(usd(collections), null, null), null);
    }

    private static ServiceFeeCharged chargedFor(ChargeServiceFee command, String fee) {
        return chargedFor(command, BILLING_PERCENT, fee);
    }

    private static ServiceFeeCharged chargedFor(ChargeServiceFee command, FeeTerm term, String fee) {
        Money amount = usd(fee);
        Entry entry = new Entry(command.entryId(), EntryType.SERVICE_FEE, AGREEMENT_ID, command.period(),
                command.effectiveDate(), amount,
                List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, amount), Posting.credit(Accounts.MSO_FEE_REVENUE, amount)),
                null, command.requestHash());
        return new ServiceFeeCharged(entry, command.serviceCode(), 1, term, command.basis());
    }

    private static PaymentRecorded paymentRecorded(String paymentId, String amount) {
        Money money = usd(amount);
        Entry entry = new Entry(paymentId, EntryType.PAYMENT, AGREEMENT_ID, Period.parse("2026-10"), LocalDate.of(2026, 10, 20),
                money, List.of(Posting.debit(Accounts.CASH, money), Posting.credit(Accounts.PRACTICE_RECEIVABLE, money)),
                null, "hash-" + paymentId);
        return new PaymentRecorded(entry, PaymentDirection.PRACTICE_TO_MSO, "WIRE-1");
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD");
    }

}
