package com.msoledger.projections.journal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.http.EntryResource;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;
import com.msoledger.projections.support.BadQuery;
import com.msoledger.projections.support.Freshness;
import com.msoledger.projections.support.AgreementLookup;
import com.msoledger.projections.support.ProjectionJson;
import com.msoledger.projections.support.TimeWindow;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Balances, the journal and aging of one agreement, read from the journal tables with indexed
 * queries; nothing here replays events. Every read can be bitemporal: {@code asOf} limits the
 * effective dates, {@code knownAt} the recording times.
 */
@RestController
@RequestMapping(path = "/api/v1/agreements/{agreementId}", produces = MediaType.APPLICATION_JSON_VALUE)
class LedgerQueries {

    static final TypeReference<List<Posting>> POSTINGS = new TypeReference<>() {
    };
    static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Freshness freshness;
    private final AgreementLookup agreements;
    private final java.time.Clock clock;

    LedgerQueries(JdbcClient jdbc, Freshness freshness, AgreementLookup agreements, java.time.Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.freshness = freshness;
        this.agreements = agreements;
    }

    /** One account's balance: debits minus credits. */
    record AccountBalance(String account, Money balance) {
    }

    /** Every account's balance; the trial balance (their sum) is zero when the books balance. */
    record Balances(AgreementId agreementId, String currency, LocalDate asOf, java.time.Instant knownAt,
                    List<AccountBalance> accounts, Money trialBalance) {
    }

    /** A page of the journal, newest first. */
    record EntryPage(List<EntryResource> items, int page, int size, long total) {
    }

    /** Open receivables by age at {@code asOf}, payments and credits applied to the oldest first. */
    record Aging(AgreementId agreementId, String currency, LocalDate asOf, java.time.Instant knownAt, Money current,
                 Money days31to60, Money days61to90, Money over90, Money totalOpen, Money unappliedCredit) {
    }

    @GetMapping("/balances")
    Balances balances(@PathVariable String agreementId, @RequestParam(required = false) String asOf,
                      @RequestParam(required = false) String knownAt, @RequestParam(required = false) Long minPosition) {
        awaitJournal(minPosition);
        TimeWindow window = TimeWindow.parse(asOf, knownAt, clock);
        AgreementLookup.Agreement agreement = agreements.resolve(agreementId, window.knownAt());
        List<AccountBalance> accounts = jdbc.sql("""
                        select account, sum(signed_minor) from posting_view
                        where agreement_id = ? and effective_date <= ? and recorded_at <= ?
                        group by account order by account""")
                .params(agreement.agreementId(), Date.valueOf(window.asOf()), Timestamp.from(window.knownAt()))
                .query((rs, n) -> new AccountBalance(rs.getString(1), Money.ofMinor(rs.getLong(2), agreement.currency())))
                .list();
        Money trial = Money.sum(accounts.stream().map(AccountBalance::balance).toList(), agreement.currency());
        return new Balances(new AgreementId(agreement.agreementId()), agreement.currency(), window.asOf(), window.knownAt(),
                accounts, trial);
    }

    @GetMapping("/entries")
    EntryPage entries(@PathVariable String agreementId, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, @RequestParam(required = false) String type,
                      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                      @RequestParam(required = false) Long minPosition) {
        awaitJournal(minPosition);
        AgreementLookup.Agreement agreement = agreements.resolve(agreementId, clock.instant());
        com.msoledger.projections.support.Paging.check(page, size);
        LocalDate fromDate = date(from, "from", LocalDate.of(2000, 1, 1));
        LocalDate toDate = date(to, "to", LocalDate.of(2999, 12, 31));
        if (type != null) {
            try {
                EntryType.valueOf(type);
            } catch (IllegalArgumentException e) {
                throw new BadQuery("type", "must be one of " + java.util.Arrays.toString(EntryType.values()));
            }
        }
        String where = " where agreement_id = :agreement and effective_date between :from and :to"
                + " and (cast(:type as varchar) is null or entry_type = :type)";
        long total = jdbc.sql("select count(*) from entry_view" + where)
                .param("agreement", agreement.agreementId()).param("from", Date.valueOf(fromDate))
                .param("to", Date.valueOf(toDate)).param("type", type)
                .query(Long.class).single();
        List<EntryResource> items = jdbc.sql("select " + ENTRY_COLUMNS + " from entry_view" + where
                        + " order by position desc limit :limit offset :offset")
                .param("agreement", agreement.agreementId()).param("from", Date.valueOf(fromDate))
                .param("to", Date.valueOf(toDate)).param("type", type)
                .param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> entry(rs))
                .list();
        return new EntryPage(items, page, size, total);
    }

    /** One entry of the journal (where a command's {@code Location} points). */
    @GetMapping("/entries/{entryId}")
    EntryResource entry(@PathVariable String agreementId, @PathVariable String entryId,
                        @RequestParam(required = false) Long minPosition) {
        awaitJournal(minPosition);
        AgreementLookup.Agreement agreement = agreements.resolve(agreementId, clock.instant());
        return jdbc.sql("select " + ENTRY_COLUMNS + " from entry_view where agreement_id = ? and entry_id = ?")
                .params(agreement.agreementId(), entryId)
                .query((rs, n) -> entry(rs))
                .optional()
                .orElseThrow(() -> new com.msoledger.projections.support.NotFound("no entry " + entryId));
    }

    @GetMapping("/aging")
    Aging aging(@PathVariable String agreementId, @RequestParam(required = false) String asOf,
                @RequestParam(required = false) String knownAt, @RequestParam(required = false) Long minPosition) {
        awaitJournal(minPosition);
        TimeWindow window = TimeWindow.parse(asOf, knownAt, clock);
        AgreementLookup.Agreement agreement = agreements.resolve(agreementId, window.knownAt());
        Deque<long[]> open = new ArrayDeque<>(); // {epochDay, minor} of each unpaid debit, oldest first
        long credits = 0;
        for (long[] posting : jdbc.sql("""
                        select effective_date, signed_minor from posting_view
                        where agreement_id = ? and account = 'practice_receivable' and effective_date <= ? and recorded_at <= ?
                        order by effective_date, recorded_at, entry_id, line""")
                .params(agreement.agreementId(), Date.valueOf(window.asOf()), Timestamp.from(window.knownAt()))
                .query((rs, n) -> new long[]{rs.getDate(1).toLocalDate().toEpochDay(), rs.getLong(2)})
                .list()) {
            if (posting[1] > 0) {
                open.addLast(posting);
            } else {
                credits -= posting[1];
            }
        }
        // apply every credit (payment, reversal) to the oldest open debit first
        while (credits > 0 && !open.isEmpty()) {
            long[] oldest = open.peekFirst();
            long applied = Math.min(credits, oldest[1]);
            oldest[1] -= applied;
            credits -= applied;
            if (oldest[1] == 0) {
                open.removeFirst();
            }
        }
        long[] buckets = new long[4];
        for (long[] debit : open) {
            long days = ChronoUnit.DAYS.between(LocalDate.ofEpochDay(debit[0]), window.asOf());
            int bucket = days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3;
            buckets[bucket] += debit[1];
        }
        String c = agreement.currency();
        return new Aging(new AgreementId(agreement.agreementId()), c, window.asOf(), window.knownAt(), Money.ofMinor(buckets[0], c),
                Money.ofMinor(buckets[1], c), Money.ofMinor(buckets[2], c), Money.ofMinor(buckets[3], c),
                Money.ofMinor(buckets[0] + buckets[1] + buckets[2] + buckets[3], c), Money.ofMinor(credits, c));
    }

    static final String ENTRY_COLUMNS = """
            entry_id, entry_type, agreement_id, period, effective_date, currency, amount_minor, postings,
            corrects_period, recorded_at, position, reversed_by, details""";

    static EntryResource entry(ResultSet rs) throws SQLException {
        String currency = rs.getString(6);
        return new EntryResource(rs.getString(1), EntryType.valueOf(rs.getString(2)), new AgreementId(rs.getString(3)),
                Period.parse(rs.getString(4)), rs.getDate(5).toLocalDate(), currency, Money.ofMinor(rs.getLong(7), currency),
                ProjectionJson.read(rs.getString(8), POSTINGS), rs.getString(9) == null ? null : Period.parse(rs.getString(9)),
                rs.getTimestamp(10).toInstant(), rs.getLong(11), rs.getString(12), ProjectionJson.read(rs.getString(13), DETAILS));
    }

    private void awaitJournal(Long minPosition) {
        freshness.await(JournalProjection.PROCESSOR, minPosition);
        freshness.await("agreements", minPosition);
    }

    static LocalDate date(String value, String field, LocalDate fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("not yyyy-MM-dd", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadQuery(field, "must be a date written yyyy-MM-dd");
        }
    }

}
