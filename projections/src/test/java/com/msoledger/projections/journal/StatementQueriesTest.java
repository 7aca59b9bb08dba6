package com.msoledger.projections.journal;

import com.msoledger.api.entry.ServiceFeeCharged;
import com.msoledger.api.http.ComplianceFlagResource;
import com.msoledger.api.http.EntryResource;
import com.msoledger.api.time.Period;
import com.msoledger.projections.agreement.AgreementWiring;
import com.msoledger.projections.compliance.ComplianceWiring;
import com.msoledger.projections.support.BadQuery;
import com.msoledger.projections.support.EventFeed;
import com.msoledger.projections.support.NotFound;
import com.msoledger.projections.support.ReadModelDatabase;
import com.msoledger.projections.support.ReadScope;
import com.msoledger.projections.support.SupportWiring;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.web.MockHttpServletRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

import static com.msoledger.projections.support.SampleEvents.agreementEstablished;
import static com.msoledger.projections.support.SampleEvents.fee;
import static com.msoledger.projections.support.SampleEvents.flagCleared;
import static com.msoledger.projections.support.SampleEvents.flagRaised;
import static com.msoledger.projections.support.SampleEvents.payment;
import static com.msoledger.projections.support.SampleEvents.periodClosed;
import static com.msoledger.projections.support.SampleEvents.reversal;
import static com.msoledger.projections.support.SampleEvents.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The statement of a period and the reconciliation, read from the journal. October 2026 has one entry
 * before it (September), four in it, on its first day, in the middle and on its last day, and one after
 * it (November).
 */
class StatementQueriesTest {

    @RegisterExtension
    static final ReadModelDatabase db = new ReadModelDatabase();

    static final String AGREEMENT = "msa-2026-001";
    static final Instant ESTABLISHED = Instant.parse("2026-09-01T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    EventFeed feed;
    StatementQueries statements;
    ServiceFeeCharged lastDayFee;

    @BeforeEach
    void bookSeptemberToNovember() {
        feed = new EventFeed(db.jdbc(), new JournalProjection(db.jdbc()), AgreementWiring.projection(db.jdbc()),
                ComplianceWiring.projection(db.jdbc()));
        statements = new StatementQueries(db.jdbc(), SupportWiring.freshnessForReadsWithoutMinPosition(db.jdbc()),
                SupportWiring.knownAgreement(db.jdbc()), ComplianceWiring.flags(db.jdbc()), CLOCK);

        feed.record(agreementEstablished(AGREEMENT, "sunrise-medical", "CA", LocalDate.of(2026, 9, 1)), ESTABLISHED);
        feed.record(fee(AGREEMENT, "fee-hr-sep", "HR", LocalDate.of(2026, 9, 20), 10_000), Instant.parse("2026-09-20T10:00:00Z"));
        feed.record(fee(AGREEMENT, "fee-hr-oct", "HR", LocalDate.of(2026, 10, 1), 20_000), Instant.parse("2026-10-01T10:00:00Z"));
        feed.record(payment(AGREEMENT, "pay-oct", LocalDate.of(2026, 10, 15), 10_000), Instant.parse("2026-10-15T10:00:00Z"));
        feed.record(fee(AGREEMENT, "fee-it-oct-a", "IT", LocalDate.of(2026, 10, 20), 1_000), Instant.parse("2026-10-20T10:00:00Z"));
        lastDayFee = fee(AGREEMENT, "fee-it-oct-b", "IT", LocalDate.of(2026, 10, 31), 2_000);
        feed.record(lastDayFee, Instant.parse("2026-10-31T10:00:00Z"));
        feed.record(fee(AGREEMENT, "fee-hr-nov", "HR", LocalDate.of(2026, 11, 1), 50_000), Instant.parse("2026-11-01T10:00:00Z"));
    }

    @Test
    void opensWithEntriesBeforeThePeriodAndClosesWithThoseInItButNotThoseAfter() {
        StatementQueries.Statement october = statements.statement(AGREEMENT, "2026-10", null, null, null);

        assertThat(october.period()).isEqualTo(Period.parse("2026-10"));
        assertThat(october.openingBalance()).isEqualTo(usd(10_000));
        assertThat(october.fees()).extracting(StatementQueries.ServiceFees::serviceCode, StatementQueries.ServiceFees::total)
                .containsExactly(tuple("HR", usd(20_000)), tuple("IT", usd(3_000)));
        assertThat(october.fees().get(1).charges()).extracting(EntryResource::entryId)
                .containsExactly("fee-it-oct-a", "fee-it-oct-b");
        assertThat(october.payments()).extracting(EntryResource::entryId).containsExactly("pay-oct");
        assertThat(october.totals().fees()).isEqualTo(usd(23_000));
        assertThat(october.totals().payments()).isEqualTo(usd(-10_000));
        assertThat(october.totals().netChange()).isEqualTo(usd(13_000));
        assertThat(october.closingBalance()).isEqualTo(usd(23_000));
        assertThat(october.tiesOut()).isTrue();
        assertThat(october.periodClosed()).isFalse();
        assertThat(october.asOf()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(october.knownAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void asOfInThePeriodCutsItOffAfterThatDayAndAsOfAfterThePeriodChangesNothing() {
        StatementQueries.Statement toThe15th = statements.statement(AGREEMENT, "2026-10", "2026-10-15", null, null);
        assertThat(toThe15th.fees()).extracting(StatementQueries.ServiceFees::serviceCode).containsExactly("HR");
        assertThat(toThe15th.payments()).extracting(EntryResource::entryId).containsExactly("pay-oct");
        assertThat(toThe15th.closingBalance()).isEqualTo(usd(20_000));
        assertThat(toThe15th.tiesOut()).isTrue();

        StatementQueries.Statement toNovember = statements.statement(AGREEMENT, "2026-10", "2026-11-15", null, null);
        assertThat(toNovember.closingBalance()).isEqualTo(usd(23_000));
        assertThat(toNovember.totals().netChange()).isEqualTo(usd(13_000));
    }

    /**
     * Fails today (opening 120.00 instead of 100.00): {@code StatementQueries.statement} computes the
     * opening balance up to the day before the period whatever {@code asOf} is, so with {@code asOf}
     * before the period it counts entries effective after {@code asOf}, against the contract ("asOf: the
     * last effective date included"), and the statement does not tie out.
     */
    @Test
    void asOfBeforeThePeriodLeavesOutOfTheOpeningBalanceEntriesEffectiveAfterAsOf() {
        feed.record(fee(AGREEMENT, "fee-hr-sep-late", "HR", LocalDate.of(2026, 9, 28), 2_000), Instant.parse("2026-09-28T10:00:00Z"));

        StatementQueries.Statement october = statements.statement(AGREEMENT, "2026-10", "2026-09-25", null, null);

        assertThat(october.fees()).isEmpty();
        assertThat(october.openingBalance()).isEqualTo(usd(10_000));
        assertThat(october.closingBalance()).isEqualTo(usd(10_000));
        assertThat(october.tiesOut()).isTrue();
    }

    @Test
    void aLateReversalRecordedAfterKnownAtDoesNotShowAsKnownAtThatTime() {
        Instant recorded = Instant.parse("2026-11-03T09:00:00Z");
        feed.record(reversal(lastDayFee, "rev-fee-it-oct-b", LocalDate.of(2026, 10, 31)), recorded);

        StatementQueries.Statement before = statements.statement(AGREEMENT, "2026-10", null, recorded.minusMillis(1).toString(), null);
        assertThat(before.reversals()).isEmpty();
        assertThat(lastDayFeeIn(before).reversedBy()).isNull();
        assertThat(before.closingBalance()).isEqualTo(usd(23_000));
        assertThat(before.tiesOut()).isTrue();

        StatementQueries.Statement after = statements.statement(AGREEMENT, "2026-10", null, recorded.toString(), null);
        assertThat(after.reversals()).extracting(EntryResource::entryId).containsExactly("rev-fee-it-oct-b");
        assertThat(lastDayFeeIn(after).reversedBy()).isEqualTo("rev-fee-it-oct-b");
        assertThat(after.totals().reversals()).isEqualTo(usd(-2_000));
        assertThat(after.closingBalance()).isEqualTo(usd(21_000));
        assertThat(after.tiesOut()).isTrue();
    }

    @Test
    void aReversalDatedAfterThePeriodDoesNotMarkItsOriginalInThePeriodsStatement() {
        feed.record(reversal(lastDayFee, "rev-fee-it-oct-b", LocalDate.of(2026, 11, 2)), Instant.parse("2026-11-02T09:00:00Z"));

        StatementQueries.Statement october = statements.statement(AGREEMENT, "2026-10", null, null, null);

        assertThat(lastDayFeeIn(october).reversedBy()).isNull();
        assertThat(october.reversals()).isEmpty();
        assertThat(statements.statement(AGREEMENT, "2026-11", null, null, null).reversals())
                .extracting(EntryResource::entryId).containsExactly("rev-fee-it-oct-b");
    }

    @Test
    void aCorrectionOfAClosedPeriodShowsInThePeriodItIsDatedOnceRecorded() {
        Instant closed = Instant.parse("2026-11-05T12:00:00Z");
        feed.record(periodClosed(AGREEMENT, "2026-10"), closed);
        Instant corrected = Instant.parse("2026-11-06T09:00:00Z");
        feed.record(fee(AGREEMENT, "fee-it-oct-missed", "IT", LocalDate.of(2026, 11, 6), 700, Period.parse("2026-10")), corrected);

        assertThat(statements.statement(AGREEMENT, "2026-10", null, closed.minusMillis(1).toString(), null).periodClosed()).isFalse();
        assertThat(statements.statement(AGREEMENT, "2026-10", null, closed.toString(), null).periodClosed()).isTrue();
        StatementQueries.Statement october = statements.statement(AGREEMENT, "2026-10", null, null, null);
        assertThat(october.periodClosed()).isTrue();
        assertThat(october.closingBalance()).isEqualTo(usd(23_000));

        StatementQueries.Statement novemberBefore = statements.statement(AGREEMENT, "2026-11", null, corrected.minusMillis(1).toString(), null);
        assertThat(novemberBefore.fees()).flatExtracting(StatementQueries.ServiceFees::charges)
                .extracting(EntryResource::entryId).containsExactly("fee-hr-nov");
        StatementQueries.Statement november = statements.statement(AGREEMENT, "2026-11", null, corrected.toString(), null);
        assertThat(november.fees()).flatExtracting(StatementQueries.ServiceFees::charges)
                .extracting(EntryResource::entryId, EntryResource::correctsPeriod)
                .containsExactly(tuple("fee-hr-nov", null), tuple("fee-it-oct-missed", Period.parse("2026-10")));
        assertThat(november.openingBalance()).isEqualTo(usd(23_000));
        assertThat(november.closingBalance()).isEqualTo(usd(73_700));
        assertThat(november.tiesOut()).isTrue();
    }

    @Test
    void showsTheComplianceFlagsOpenAsKnownAtKnownAt() {
        feed.record(flagRaised(AGREEMENT, "fmv-range", "HR"), Instant.parse("2026-10-10T10:00:00Z"));
        feed.record(flagCleared(AGREEMENT, "fmv-range", "HR"), Instant.parse("2026-11-02T10:00:00Z"));

        assertThat(statements.statement(AGREEMENT, "2026-10", null, "2026-11-01T00:00:00Z", null).openFlags())
                .extracting(ComplianceFlagResource::flagId, ComplianceFlagResource::status)
                .containsExactly(tuple("fmv-range:HR", "OPEN"));
        assertThat(statements.statement(AGREEMENT, "2026-10", null, null, null).openFlags()).isEmpty();
    }

    @Test
    void theStatementOfAnAgreementNotYetEstablishedAtKnownAtIsNotFound() {
        assertThatThrownBy(() -> statements.statement(AGREEMENT, "2026-10", null, ESTABLISHED.minusMillis(1).toString(), null))
                .isInstanceOf(NotFound.class);
        assertThat(statements.statement(AGREEMENT, "2026-09", null, ESTABLISHED.toString(), null).closingBalance())
                .isEqualTo(usd(0));
    }

    @Test
    void refusesAMissingOrMalformedPeriodNamingIt() {
        assertThatThrownBy(() -> statements.statement(AGREEMENT, null, null, null, null))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("period"));
        assertThatThrownBy(() -> statements.statement(AGREEMENT, "2026-13", null, null, null))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("period"));
        assertThatThrownBy(() -> statements.statement(AGREEMENT, "2026-10", "2026-10-32", null, null))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("asOf"));
    }

    @Test
    void reconciliationPagesAgreementsByIdWithWhatEachWasChargedPaidAndStillOwes() {
        feed.record(agreementEstablished("msa-2026-002", "sunrise-medical", "CA", LocalDate.of(2026, 10, 1)), ESTABLISHED);
        feed.record(agreementEstablished("msa-2026-003", "harbor-dental", "NY", LocalDate.of(2026, 10, 1)), ESTABLISHED);
        feed.record(agreementEstablished("msa-2026-004", "harbor-dental", "NY", LocalDate.of(2026, 11, 1)), ESTABLISHED);
        feed.record(fee("msa-2026-003", "fee-hr-oct", "HR", LocalDate.of(2026, 10, 5), 5_000), Instant.parse("2026-10-05T10:00:00Z"));
        feed.record(payment("msa-2026-003", "pay-oct", LocalDate.of(2026, 10, 6), 8_000), Instant.parse("2026-10-06T10:00:00Z"));

        StatementQueries.Reconciliation first = statements.reconciliation("2026-10", 0, 2, null, new MockHttpServletRequest());
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.agreements()).extracting(line -> line.agreementId().value())
                .containsExactly("msa-2026-001", "msa-2026-002");
        StatementQueries.ReconciliationLine one = first.agreements().get(0);
        assertThat(one.charged()).isEqualTo(usd(23_000));
        assertThat(one.paid()).isEqualTo(usd(10_000));
        assertThat(one.outstanding()).isEqualTo(usd(23_000));
        assertThat(one.overpaid()).isEqualTo(usd(0));

        StatementQueries.Reconciliation last = statements.reconciliation("2026-10", 1, 2, null, new MockHttpServletRequest());
        assertThat(last.total()).isEqualTo(3);
        StatementQueries.ReconciliationLine three = last.agreements().get(0);
        assertThat(last.agreements()).hasSize(1);
        assertThat(three.agreementId().value()).isEqualTo("msa-2026-003");
        assertThat(three.outstanding()).isEqualTo(usd(0));
        assertThat(three.overpaid()).isEqualTo(usd(3_000));

        assertThat(statements.reconciliation("2026-10", 2, 2, null, new MockHttpServletRequest()).agreements()).isEmpty();
    }

    @Test
    void reconciliationShowsAReaderLimitedToPracticesOnlyTheirAgreements() {
        feed.record(agreementEstablished("msa-2026-003", "harbor-dental", "NY", LocalDate.of(2026, 10, 1)), ESTABLISHED);
        MockHttpServletRequest harborOnly = new MockHttpServletRequest();
        harborOnly.setAttribute(ReadScope.ATTRIBUTE, Set.of("harbor-dental"));

        StatementQueries.Reconciliation seen = statements.reconciliation("2026-10", 0, 50, null, harborOnly);

        assertThat(seen.total()).isEqualTo(1);
        assertThat(seen.agreements()).extracting(line -> line.agreementId().value()).containsExactly("msa-2026-003");
    }

    private static EntryResource lastDayFeeIn(StatementQueries.Statement statement) {
        return statement.fees().stream().flatMap(f -> f.charges().stream())
                .filter(e -> e.entryId().equals("fee-it-oct-b")).findFirst()
                .orElseThrow(() -> new AssertionError("fee-it-oct-b is not in the statement"));
    }
}
