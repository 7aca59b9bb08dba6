package com.msoledger.projections.journal;

import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.entry.ServiceFeeCharged;
import com.msoledger.api.http.EntryResource;
import com.msoledger.api.money.Money;
import com.msoledger.projections.agreement.AgreementWiring;
import com.msoledger.projections.support.BadQuery;
import com.msoledger.projections.support.EventFeed;
import com.msoledger.projections.support.NotFound;
import com.msoledger.projections.support.ReadModelDatabase;
import com.msoledger.projections.support.SupportWiring;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static com.msoledger.projections.support.SampleEvents.agreementEstablished;
import static com.msoledger.projections.support.SampleEvents.fee;
import static com.msoledger.projections.support.SampleEvents.payment;
import static com.msoledger.projections.support.SampleEvents.reversal;
import static com.msoledger.projections.support.SampleEvents.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The journal projection and the balances, journal and aging read from it, on a real PostgreSQL. */
class JournalQueriesTest {

    @RegisterExtension
    static final ReadModelDatabase db = new ReadModelDatabase();

    static final String AGREEMENT = "msa-2026-001";
    static final Instant ESTABLISHED = Instant.parse("2026-09-01T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    EventFeed feed;
    LedgerQueries queries;

    @BeforeEach
    void establishTheAgreement() {
        feed = new EventFeed(db.jdbc(), new JournalProjection(db.jdbc()), AgreementWiring.projection(db.jdbc()));
        queries = new LedgerQueries(db.jdbc(), SupportWiring.freshnessForReadsWithoutMinPosition(db.jdbc()),
                SupportWiring.knownAgreement(db.jdbc()), CLOCK);
        feed.record(agreementEstablished(AGREEMENT, "sunrise-medical", "CA", LocalDate.of(2026, 9, 1)), ESTABLISHED);
    }

    @Test
    void projectsAnEntryAsOneJournalRowAndOneSignedPostingRowPerLine() {
        Instant recordedAt = Instant.parse("2026-10-15T10:00:00.250Z");
        EventFeed.Recorded charged = feed.record(fee(AGREEMENT, "fee-hr-oct", "HR", LocalDate.of(2026, 10, 15), 250_000), recordedAt);

        assertThat(db.jdbc().sql("""
                        select line, account, entry_type, signed_minor, currency, effective_date, recorded_at
                        from posting_view where agreement_id = ? and entry_id = ? order by line""")
                .params(AGREEMENT, "fee-hr-oct")
                .query((rs, n) -> List.of(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getDate(6).toLocalDate(), rs.getTimestamp(7).toInstant()))
                .list())
                .containsExactly(
                        List.of(0, "practice_receivable", "SERVICE_FEE", 250_000L, "USD", LocalDate.of(2026, 10, 15), recordedAt),
                        List.of(1, "mso_fee_revenue", "SERVICE_FEE", -250_000L, "USD", LocalDate.of(2026, 10, 15), recordedAt));

        EntryResource entry = queries.entry(AGREEMENT, "fee-hr-oct", null);
        assertThat(entry.type()).isEqualTo(EntryType.SERVICE_FEE);
        assertThat(entry.amount()).isEqualTo(usd(250_000));
        assertThat(entry.effectiveDate()).isEqualTo(LocalDate.of(2026, 10, 15));
        assertThat(entry.recordedAt()).isEqualTo(recordedAt);
        assertThat(entry.position()).isEqualTo(charged.position()).isPositive();
        assertThat(entry.postings()).isEqualTo(((ServiceFeeCharged) charged.message().getPayload()).entry().postings());
        assertThat(entry.reversedBy()).isNull();
        assertThat(entry.details()).containsEntry("serviceCode", "HR").containsEntry("feeType", "FIXED_MONTHLY");
    }

    @Test
    void aRedeliveredEntryIsProjectedOnce() {
        EventFeed.Recorded charged = feed.record(fee(AGREEMENT, "fee-hr-oct", "HR", LocalDate.of(2026, 10, 15), 250_000),
                Instant.parse("2026-10-15T10:00:00Z"));

        feed.redeliver(charged);

        assertThat(count("entry_view")).isEqualTo(1);
        assertThat(count("posting_view")).isEqualTo(2);
        assertThat(receivable(queries.balances(AGREEMENT, null, null, null))).isEqualTo(usd(250_000));
    }

    @Test
    void balancesAsOfADateIncludeEntriesDatedThatDayAndExcludeTheNextDay() {
        feed.record(fee(AGREEMENT, "fee-15th", "HR", LocalDate.of(2026, 10, 15), 10_000), Instant.parse("2026-10-15T10:00:00Z"));
        feed.record(fee(AGREEMENT, "fee-16th", "IT", LocalDate.of(2026, 10, 16), 4_000), Instant.parse("2026-10-16T10:00:00Z"));

        assertThat(queries.balances(AGREEMENT, "2026-10-14", null, null).accounts()).isEmpty();
        LedgerQueries.Balances onThe15th = queries.balances(AGREEMENT, "2026-10-15", null, null);
        assertThat(onThe15th.asOf()).isEqualTo(LocalDate.of(2026, 10, 15));
        assertThat(receivable(onThe15th)).isEqualTo(usd(10_000));
        assertThat(receivable(queries.balances(AGREEMENT, "2026-10-16", null, null))).isEqualTo(usd(14_000));
    }

    @Test
    void balancesKnownAtIncludeAnEventRecordedExactlyThenAndExcludeOneRecordedAMillisecondLater() {
        Instant knownAt = Instant.parse("2026-10-20T10:00:00Z");
        feed.record(fee(AGREEMENT, "fee-on-time", "HR", LocalDate.of(2026, 10, 15), 10_000), knownAt);
        feed.record(fee(AGREEMENT, "fee-a-ms-late", "IT", LocalDate.of(2026, 10, 15), 4_000), knownAt.plusMillis(1));

        LedgerQueries.Balances asKnown = queries.balances(AGREEMENT, null, knownAt.toString(), null);
        assertThat(asKnown.knownAt()).isEqualTo(knownAt);
        assertThat(receivable(asKnown)).isEqualTo(usd(10_000));
        assertThat(receivable(queries.balances(AGREEMENT, null, knownAt.plusMillis(1).toString(), null))).isEqualTo(usd(14_000));
    }

    @Test
    void aReversalShowsOnItsOriginalAndInTheJournal() {
        ServiceFeeCharged charged = fee(AGREEMENT, "fee-hr-oct", "HR", LocalDate.of(2026, 10, 15), 10_000);
        feed.record(charged, Instant.parse("2026-10-15T10:00:00Z"));
        EntryReversed reversed = reversal(charged, "rev-fee-hr-oct", LocalDate.of(2026, 10, 20));
        feed.record(reversed, Instant.parse("2026-10-20T10:00:00Z"));

        assertThat(queries.entry(AGREEMENT, "fee-hr-oct", null).reversedBy()).isEqualTo("rev-fee-hr-oct");
        List<EntryResource> journal = queries.entries(AGREEMENT, null, null, null, 0, 50, null).items();
        assertThat(journal).extracting(EntryResource::entryId, EntryResource::type)
                .containsExactly(tuple("rev-fee-hr-oct", EntryType.REVERSAL), tuple("fee-hr-oct", EntryType.SERVICE_FEE));
        EntryResource reversal = journal.get(0);
        assertThat(reversal.postings()).isEqualTo(charged.entry().postings().stream().map(Posting::reversed).toList());
        assertThat(reversal.details()).containsEntry("reversedEntryId", "fee-hr-oct").containsEntry("reversedType", "SERVICE_FEE");

        assertThat(receivable(queries.balances(AGREEMENT, null, null, null))).isEqualTo(usd(0));
        assertThat(receivable(queries.balances(AGREEMENT, null, "2026-10-20T09:59:59.999Z", null))).isEqualTo(usd(10_000));
    }

    @Test
    void theTrialBalanceOfFeesAPaymentAndAReversalIsZero() {
        ServiceFeeCharged it = fee(AGREEMENT, "fee-it-oct", "IT", LocalDate.of(2026, 10, 2), 4_000);
        feed.record(fee(AGREEMENT, "fee-hr-oct", "HR", LocalDate.of(2026, 10, 1), 10_000), Instant.parse("2026-10-01T10:00:00Z"));
        feed.record(it, Instant.parse("2026-10-02T10:00:00Z"));
        feed.record(payment(AGREEMENT, "pay-oct", LocalDate.of(2026, 10, 10), 6_000), Instant.parse("2026-10-10T10:00:00Z"));
        feed.record(reversal(it, "rev-fee-it-oct", LocalDate.of(2026, 10, 12)), Instant.parse("2026-10-12T10:00:00Z"));

        LedgerQueries.Balances balances = queries.balances(AGREEMENT, null, null, null);

        assertThat(balances.accounts()).containsExactly(
                new LedgerQueries.AccountBalance("cash", usd(6_000)),
                new LedgerQueries.AccountBalance("mso_fee_revenue", usd(-10_000)),
                new LedgerQueries.AccountBalance("practice_receivable", usd(4_000)));
        assertThat(balances.trialBalance()).isEqualTo(usd(0));
        assertThat(balances.currency()).isEqualTo("USD");
    }

    @Test
    void booksOfAnAgreementNotYetEstablishedAtKnownAtAreNotFound() {
        assertThatThrownBy(() -> queries.balances(AGREEMENT, null, ESTABLISHED.minusMillis(1).toString(), null))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> queries.aging(AGREEMENT, null, ESTABLISHED.minusMillis(1).toString(), null))
                .isInstanceOf(NotFound.class);

        assertThat(queries.balances(AGREEMENT, null, ESTABLISHED.toString(), null).accounts()).isEmpty();
    }

    @Test
    void booksOfAnUnknownOrMalformedAgreementAreNotFound() {
        assertThatThrownBy(() -> queries.balances("msa-unknown", null, null, null)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> queries.entries("not an id!", null, null, null, 0, 50, null)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> queries.entry(AGREEMENT, "no-such-entry", null)).isInstanceOf(NotFound.class);
    }

    @Test
    void theJournalFiltersByEffectiveDatesInclusiveAndByType() {
        feed.record(fee(AGREEMENT, "fee-sep", "HR", LocalDate.of(2026, 9, 30), 10_000), Instant.parse("2026-09-30T10:00:00Z"));
        feed.record(payment(AGREEMENT, "pay-oct", LocalDate.of(2026, 10, 31), 5_000), Instant.parse("2026-10-31T10:00:00Z"));
        // booked after the payment although dated before it: the journal shows it first, newest recorded first
        feed.record(fee(AGREEMENT, "fee-oct", "HR", LocalDate.of(2026, 10, 1), 10_000), Instant.parse("2026-11-01T09:00:00Z"));
        feed.record(fee(AGREEMENT, "fee-nov", "HR", LocalDate.of(2026, 11, 1), 10_000), Instant.parse("2026-11-01T10:00:00Z"));

        LedgerQueries.EntryPage october = queries.entries(AGREEMENT, "2026-10-01", "2026-10-31", null, 0, 50, null);
        assertThat(october.items()).extracting(EntryResource::entryId).containsExactly("fee-oct", "pay-oct");
        assertThat(october.total()).isEqualTo(2);

        assertThat(queries.entries(AGREEMENT, null, null, "PAYMENT", 0, 50, null).items())
                .extracting(EntryResource::entryId).containsExactly("pay-oct");
    }

    @Test
    void theJournalRefusesMalformedFiltersNamingThem() {
        assertThatThrownBy(() -> queries.entries(AGREEMENT, "2026-10-1", null, null, 0, 50, null))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("from"));
        assertThatThrownBy(() -> queries.entries(AGREEMENT, null, "31/10/2026", null, 0, 50, null))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("to"));
        assertThatThrownBy(() -> queries.entries(AGREEMENT, null, null, "FEE", 0, 50, null))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("type"));
        assertThatThrownBy(() -> queries.balances(AGREEMENT, null, null, -1L))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("minPosition"));
    }

    @Test
    void agingAppliesPaymentsToTheOldestChargeAndCountsDaysToAsOf() {
        // as of 30 November: 31 days after 30 October, 30 days after 31 October
        feed.record(fee(AGREEMENT, "fee-31-days", "HR", LocalDate.of(2026, 10, 30), 10_000), Instant.parse("2026-10-30T10:00:00Z"));
        feed.record(fee(AGREEMENT, "fee-30-days", "IT", LocalDate.of(2026, 10, 31), 5_000), Instant.parse("2026-10-31T10:00:00Z"));
        feed.record(payment(AGREEMENT, "pay-nov", LocalDate.of(2026, 11, 5), 3_000), Instant.parse("2026-11-05T10:00:00Z"));

        LedgerQueries.Aging aging = queries.aging(AGREEMENT, "2026-11-30", null, null);

        assertThat(aging.current()).isEqualTo(usd(5_000));
        assertThat(aging.days31to60()).isEqualTo(usd(7_000));
        assertThat(aging.days61to90()).isEqualTo(usd(0));
        assertThat(aging.over90()).isEqualTo(usd(0));
        assertThat(aging.totalOpen()).isEqualTo(usd(12_000));
        assertThat(aging.unappliedCredit()).isEqualTo(usd(0));
    }

    @Test
    void agingKeepsAPaymentBeyondWhatIsOwedAsUnappliedCredit() {
        feed.record(fee(AGREEMENT, "fee-oct", "HR", LocalDate.of(2026, 10, 1), 10_000), Instant.parse("2026-10-01T10:00:00Z"));
        feed.record(payment(AGREEMENT, "pay-oct", LocalDate.of(2026, 10, 10), 12_500), Instant.parse("2026-10-10T10:00:00Z"));

        LedgerQueries.Aging aging = queries.aging(AGREEMENT, "2026-10-31", null, null);

        assertThat(aging.totalOpen()).isEqualTo(usd(0));
        assertThat(aging.unappliedCredit()).isEqualTo(usd(2_500));
    }

    private static Money receivable(LedgerQueries.Balances balances) {
        return balances.accounts().stream().filter(a -> a.account().equals("practice_receivable"))
                .map(LedgerQueries.AccountBalance::balance).findFirst()
                .orElseThrow(() -> new AssertionError("no practice_receivable in " + balances.accounts()));
    }

    private long count(String table) {
        return db.jdbc().sql("select count(*) from " + table).query(Long.class).single();
    }
}
