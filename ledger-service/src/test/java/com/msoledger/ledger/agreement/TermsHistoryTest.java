package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.AmendAgreement;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.agreement.TermsHistory.TermsVersion;
import com.msoledger.ledger.common.ComplianceViolation;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.compliance.ComplianceRules;
import com.msoledger.ledger.compliance.RulesFile;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The versions of the terms on their own: which governs when, and where a new one may start. */
class TermsHistoryTest {

    private static final AgreementId ID = AgreementId.of("msa-terms-history");
    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final LocalDate V2_FROM = LocalDate.of(2026, 7, 1);
    private static final LocalDate V3_FROM = LocalDate.of(2027, 1, 1);
    private static final AgreementTerms V1 = hr(2_500_00);
    private static final AgreementTerms V2 = hr(2_750_00);
    private static final AgreementTerms V3 = hr(3_000_00);
    /** A rules file without a TERMS_SET_IN_ADVANCE rule: the ledger's own codes apply. */
    private static final ComplianceRules NO_RULES = new RulesFile.RuleBook("test", "0", List.of());

    private static AgreementTerms hr(long minor) {
        return new AgreementTerms(List.of(FeeTerm.fixedMonthly("HR", Money.ofMinor(minor, "USD"))), null, null, null);
    }

    private static AgreementAmended amendment(String id, int version, LocalDate from, String opinion, AgreementTerms terms) {
        return new AgreementAmended(ID, id, version, from, opinion, terms);
    }

    /** Version 1 from 2026-01-01, version 2 from 2026-07-01, version 3 from 2027-01-01. */
    private static TermsHistory threeVersions() {
        TermsHistory history = new TermsHistory(START, V1, "FMV-1");
        history.amended(amendment("amd-1", 2, V2_FROM, null, V2));
        history.amended(amendment("amd-2", 3, V3_FROM, "FMV-2", V3));
        return history;
    }

    private static RuleViolation refusal(ThrowingCallable call, RuleViolation.Kind kind) {
        RuleViolation violation = catchThrowableOfType(RuleViolation.class, call);
        assertThat(violation).as("a RuleViolation").isNotNull();
        assertThat(violation.kind()).as("kind").isEqualTo(kind);
        return violation;
    }

    private static void assertRefused(ThrowingCallable call, String code, String field) {
        RuleViolation violation = refusal(call, RuleViolation.Kind.INVALID);
        assertThat(violation.code()).as("code").isEqualTo(code);
        assertThat(violation.field()).as("field").isEqualTo(field);
    }

    @Nested
    class TermsInForce {

        @Test
        void hasNoTermsBeforeTheFirstVersionStarts() {
            assertThat(threeVersions().on(START.minusDays(1))).isEmpty();
        }

        @Test
        void appliesTheFirstVersionFromItsFirstDay() {
            assertThat(threeVersions().on(START)).get().isEqualTo(new TermsVersion(1, START, V1));
        }

        @Test
        void keepsAVersionUntilTheDayBeforeTheNextStarts() {
            assertThat(threeVersions().on(V2_FROM.minusDays(1))).get().extracting(TermsVersion::version).isEqualTo(1);
        }

        @Test
        void appliesAnAmendedVersionFromItsExactFirstDay() {
            assertThat(threeVersions().on(V2_FROM)).get().isEqualTo(new TermsVersion(2, V2_FROM, V2));
        }

        @Test
        void picksTheLatestVersionStartedOnOrBeforeTheDate() {
            TermsHistory history = threeVersions();

            assertThat(history.on(LocalDate.of(2026, 12, 31))).get().extracting(TermsVersion::version).isEqualTo(2);
            assertThat(history.on(V3_FROM)).get().extracting(TermsVersion::version).isEqualTo(3);
            assertThat(history.on(LocalDate.of(2031, 5, 20))).get().extracting(TermsVersion::terms).isEqualTo(V3);
        }

        @Test
        void namesTheLatestVersion() {
            assertThat(threeVersions().latest()).isEqualTo(new TermsVersion(3, V3_FROM, V3));
            assertThat(new TermsHistory(START, V1, null).latest()).isEqualTo(new TermsVersion(1, START, V1));
        }

        @Test
        void givesAPeriodTheTermsInForceOnItsFirstDay() {
            TermsHistory history = threeVersions();

            assertThat(history.forPeriod(Period.parse("2026-06")).version()).isEqualTo(1);
            assertThat(history.forPeriod(Period.parse("2026-07")).version()).isEqualTo(2);
        }

        @Test
        void refusesTermsForAMissingPeriod() {
            assertRefused(() -> threeVersions().forPeriod(null), "missing-field", "period");
        }

        @Test
        void refusesTermsForAPeriodBeforeTheFirstVersion() {
            assertRefused(() -> threeVersions().forPeriod(Period.parse("2025-12")), "before-agreement-start", "period");
        }
    }

    @Nested
    class RepeatedAmendments {

        @Test
        void findsNoRepeatForANewAmendmentId() {
            assertThat(threeVersions().repeatOf(new AmendAgreement(ID, "amd-3", LocalDate.of(2027, 6, 1), null, V1))).isEmpty();
        }

        @Test
        void answersTheSameContentWithTheEarlierAmendment() {
            assertThat(threeVersions().repeatOf(new AmendAgreement(ID, "amd-2", V3_FROM, "FMV-2", V3)))
                    .contains(amendment("amd-2", 3, V3_FROM, "FMV-2", V3));
        }

        @Test
        void answersTheSameContentWithoutAnOpinionWithTheEarlierAmendment() {
            assertThat(threeVersions().repeatOf(new AmendAgreement(ID, "amd-1", V2_FROM, null, V2)))
                    .contains(amendment("amd-1", 2, V2_FROM, null, V2));
        }

        @Test
        void refusesAnAmendmentIdReusedForOtherTermsAsAConflict() {
            assertConflict(new AmendAgreement(ID, "amd-1", V2_FROM, null, V3));
        }

        @Test
        void refusesAnAmendmentIdReusedForAnotherStartAsAConflict() {
            assertConflict(new AmendAgreement(ID, "amd-1", LocalDate.of(2026, 8, 1), null, V2));
        }

        @Test
        void refusesAnAmendmentIdReusedWithAnotherOpinionAsAConflict() {
            assertConflict(new AmendAgreement(ID, "amd-1", V2_FROM, "FMV-9", V2));
        }

        private void assertConflict(AmendAgreement command) {
            RuleViolation violation = refusal(() -> threeVersions().repeatOf(command), RuleViolation.Kind.CONFLICT);
            assertThat(violation.code()).isEqualTo("id-reused");
            assertThat(violation.field()).isEqualTo("amendmentId");
        }
    }

    @Nested
    class NewVersionStart {

        private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

        private final TermsHistory history = new TermsHistory(START, V1, "FMV-1");

        @Test
        void acceptsTheFirstOfTheNextMonth() {
            assertThatCode(() -> history.requireNewVersionFrom(LocalDate.of(2026, 12, 1), TODAY, null, NO_RULES, "CA"))
                    .doesNotThrowAnyException();
        }

        @Test
        void refusesAMissingStart() {
            assertRefused(() -> history.requireNewVersionFrom(null, TODAY, null, NO_RULES, "CA"), "missing-field", "effectiveFrom");
        }

        @Test
        void refusesAStartToday() {
            LocalDate firstOfMonth = LocalDate.of(2026, 12, 1);

            assertRefused(() -> history.requireNewVersionFrom(firstOfMonth, firstOfMonth, null, NO_RULES, "CA"),
                    "amendment-not-in-future", "effectiveFrom");
        }

        @Test
        void refusesAStartInThePast() {
            assertRefused(() -> history.requireNewVersionFrom(LocalDate.of(2026, 11, 1), TODAY, null, NO_RULES, "CA"),
                    "amendment-not-in-future", "effectiveFrom");
        }

        @Test
        void refusesAFutureStartThatIsNotTheFirstOfAMonth() {
            assertRefused(() -> history.requireNewVersionFrom(LocalDate.of(2027, 2, 15), TODAY, null, NO_RULES, "CA"),
                    "not-period-start", "effectiveFrom");
        }

        @Test
        void namesTheTermsSetInAdvanceRuleWhenTheRulesFileRefusesAStartToday() {
            LocalDate firstOfMonth = LocalDate.of(2026, 12, 1);
            ComplianceViolation violation = catchThrowableOfType(ComplianceViolation.class,
                    () -> history.requireNewVersionFrom(firstOfMonth, firstOfMonth, null, RulesFile.standard(), "CA"));

            assertThat(violation).isNotNull();
            assertThat(violation.code()).isEqualTo("terms-set-in-advance");
            assertThat(violation.ruleId()).isEqualTo("terms-set-in-advance");
            assertThat(violation.field()).isEqualTo("effectiveFrom");
            assertThat(violation.getMessage()).contains("after today (2026-12-01)");
        }

        @Test
        void namesTheTermsSetInAdvanceRuleWhenTheRulesFileRefusesAMidMonthStart() {
            assertRefused(() -> history.requireNewVersionFrom(LocalDate.of(2027, 2, 15), TODAY, null, RulesFile.standard(), "CA"),
                    "terms-set-in-advance", "effectiveFrom");
        }

        @Test
        void refusesAStartBeforeTheLatestVersion() {
            TermsHistory amended = new TermsHistory(START, V1, null);
            amended.amended(amendment("amd-1", 2, LocalDate.of(2027, 3, 1), null, V2));

            assertRefused(() -> amended.requireNewVersionFrom(LocalDate.of(2027, 2, 1), TODAY, null, NO_RULES, "CA"),
                    "amendment-out-of-order", "effectiveFrom");
        }

        @Test
        void refusesAStartOnTheSameDayAsTheLatestVersion() {
            TermsHistory amended = new TermsHistory(START, V1, null);
            amended.amended(amendment("amd-1", 2, LocalDate.of(2027, 3, 1), null, V2));

            RuleViolation violation = refusal(
                    () -> amended.requireNewVersionFrom(LocalDate.of(2027, 3, 1), TODAY, null, RulesFile.standard(), "CA"),
                    RuleViolation.Kind.INVALID);
            assertThat(violation.code()).isEqualTo("amendment-out-of-order");
            assertThat(violation.field()).isEqualTo("effectiveFrom");
            assertThat(violation.getMessage()).contains("terms version 2 already takes effect on 2027-03-01");
        }

        @Test
        void refusesAStartBeforeAFutureAgreementBegins() {
            TermsHistory future = new TermsHistory(LocalDate.of(2027, 1, 1), V1, null);

            assertRefused(() -> future.requireNewVersionFrom(LocalDate.of(2026, 12, 1), TODAY, null, NO_RULES, "CA"),
                    "amendment-out-of-order", "effectiveFrom");
        }

        @Test
        void refusesAStartAfterTheTermEnds() {
            RuleViolation violation = refusal(() -> history.requireNewVersionFrom(LocalDate.of(2027, 2, 1), TODAY,
                    LocalDate.of(2027, 1, 31), NO_RULES, "CA"), RuleViolation.Kind.INVALID);

            assertThat(violation.code()).isEqualTo("after-agreement-end");
            assertThat(violation.field()).isEqualTo("effectiveFrom");
            assertThat(violation.getMessage()).isEqualTo("the agreement ends on 2027-01-31");
        }

        @Test
        void acceptsAStartInTheLastMonthOfTheTerm() {
            assertThatCode(() -> history.requireNewVersionFrom(LocalDate.of(2027, 1, 1), TODAY, LocalDate.of(2027, 1, 31),
                    NO_RULES, "CA")).doesNotThrowAnyException();
        }
    }

    @Nested
    class FmvOpinion {

        @Test
        void keepsTheOpinionGivenAtEstablishment() {
            assertThat(new TermsHistory(START, V1, "FMV-1").fmvOpinionReference()).isEqualTo("FMV-1");
        }

        @Test
        void keepsTheEarlierOpinionWhenAnAmendmentGivesNone() {
            TermsHistory history = new TermsHistory(START, V1, "FMV-1");

            history.amended(amendment("amd-1", 2, V2_FROM, null, V2));

            assertThat(history.fmvOpinionReference()).isEqualTo("FMV-1");
        }

        @Test
        void takesTheOpinionAnAmendmentGives() {
            TermsHistory history = new TermsHistory(START, V1, "FMV-1");

            history.amended(amendment("amd-1", 2, V2_FROM, "FMV-2", V2));

            assertThat(history.fmvOpinionReference()).isEqualTo("FMV-2");
        }

        @Test
        void keepsTheAmendedOpinionThroughALaterAmendmentWithoutOne() {
            TermsHistory history = threeVersions();

            history.amended(amendment("amd-3", 4, LocalDate.of(2027, 6, 1), null, V1));

            assertThat(history.fmvOpinionReference()).isEqualTo("FMV-2");
        }

        @Test
        void hasNoOpinionUntilOneIsGiven() {
            TermsHistory history = new TermsHistory(START, V1, null);
            history.amended(amendment("amd-1", 2, V2_FROM, null, V2));

            assertThat(history.fmvOpinionReference()).isNull();
        }
    }
}
