package com.msoledger.projections.journal;

import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.http.ComplianceFlagResource;
import com.msoledger.api.http.EntryResource;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;
import com.msoledger.projections.compliance.ComplianceFlags;
import com.msoledger.projections.support.BadQuery;
import com.msoledger.projections.support.Freshness;
import com.msoledger.projections.support.AgreementLookup;
import com.msoledger.projections.support.ReadScope;
import jakarta.servlet.http.HttpServletRequest;
import com.msoledger.projections.support.TimeWindow;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The relationship statement of a period and the cross-agreement reconciliation. Balances are the
 * practice's net position: what it owes the MSO ({@code practice_receivable}) less what the MSO owes
 * it ({@code practice_payable}); negative when the MSO owes the practice.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class StatementQueries {


    private final JdbcClient jdbc;
    private final Freshness freshness;
    private final AgreementLookup agreements;
    private final ComplianceFlags complianceFlags;
    private final java.time.Clock clock;

    StatementQueries(JdbcClient jdbc, Freshness freshness, AgreementLookup agreements, ComplianceFlags complianceFlags,
                     java.time.Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.freshness = freshness;
        this.agreements = agreements;
        this.complianceFlags = complianceFlags;
    }

    /** The fees of one service in the period. */
    record ServiceFees(String serviceCode, Money total, List<EntryResource> charges) {
    }

    /** One owner's part of the period's distributions. */
    record OwnerTotal(String ownerId, String name, Money amount) {
    }

    /**
     * How the period moved the practice's net position, by kind of entry. They sum to
     * {@code closing − opening}; {@code distributions} are shown for completeness and do not move it.
     */
    record Totals(Money fees, Money riskShare, Money assetTransfers, Money payments, Money reversals, Money netChange,
                  Money distributions) {
    }

    /**
     * The statement of one period. {@code openFlags} are the compliance flags open on the agreement as
     * known at {@code knownAt}: an auditor reading October as it stood at closing sees the risks known then.
     */
    record Statement(AgreementId agreementId, String currency, Period period, LocalDate asOf, Instant knownAt,
                     boolean periodClosed, Money openingBalance, List<ServiceFees> fees, List<EntryResource> riskShare,
                     List<OwnerTotal> distributionsByOwner, List<EntryResource> distributions,
                     List<EntryResource> assetTransfers, List<EntryResource> payments, List<EntryResource> reversals,
                     Totals totals, Money closingBalance, boolean tiesOut, List<ComplianceFlagResource> openFlags) {
    }

    /** Charged, paid and still open for one agreement in a period. */
    record ReconciliationLine(AgreementId agreementId, String currency, Money charged, Money paid, Money outstanding,
                              Money overpaid) {
    }

    record Reconciliation(Period period, List<ReconciliationLine> agreements, int page, int size, long total) {
    }

    @GetMapping("/api/v1/agreements/{agreementId}/statement")
    Statement statement(@PathVariable String agreementId, @RequestParam(required = false) String period,
                        @RequestParam(required = false) String asOf, @RequestParam(required = false) String knownAt,
                        @RequestParam(required = false) Long minPosition) {
        freshness.await(JournalProjection.PROCESSOR, minPosition);
        freshness.await("agreements", minPosition);
        Period month = period(period);
        TimeWindow window = TimeWindow.parse(asOf, knownAt, clock);
        AgreementLookup.Agreement agreement = agreements.resolve(agreementId, window.knownAt());
        String currency = agreement.currency();
        LocalDate last = month.lastDay().isBefore(window.asOf()) ? month.lastDay() : window.asOf();
        Timestamp known = Timestamp.from(window.knownAt());

        // as of a date before the period, the opening balance also stops at that date: entries effective
        // later are left out of every figure, or the statement would not tie out
        LocalDate dayBefore = month.firstDay().minusDays(1);
        long opening = position(agreement.agreementId(), window.asOf().isBefore(dayBefore) ? window.asOf() : dayBefore, known);
        long closingFromBalances = position(agreement.agreementId(), last, known);

        List<EntryResource> entries = last.isBefore(month.firstDay()) ? List.of() : jdbc.sql("""
                        select e.entry_id, e.entry_type, e.agreement_id, e.period, e.effective_date, e.currency, e.amount_minor,
                               e.postings, e.corrects_period, e.recorded_at, e.position,
                               (select r.entry_id from entry_view r where r.agreement_id = e.agreement_id and r.reverses = e.entry_id
                                  and r.recorded_at <= :known and r.effective_date <= :last) as reversed_by,
                               e.details
                        from entry_view e
                        where e.agreement_id = :agreement and e.effective_date between :first and :last and e.recorded_at <= :known
                        order by e.effective_date, e.position""")
                .param("agreement", agreement.agreementId()).param("first", Date.valueOf(month.firstDay()))
                .param("last", Date.valueOf(last)).param("known", known)
                .query((rs, n) -> LedgerQueries.entry(rs))
                .list();

        Map<String, List<EntryResource>> feesByService = new LinkedHashMap<>();
        Map<String, long[]> byOwner = new LinkedHashMap<>();
        Map<String, String> ownerNames = new LinkedHashMap<>();
        List<EntryResource> risk = new ArrayList<>();
        List<EntryResource> distributions = new ArrayList<>();
        List<EntryResource> assets = new ArrayList<>();
        List<EntryResource> payments = new ArrayList<>();
        List<EntryResource> reversals = new ArrayList<>();
        long[] moved = new long[5]; // fees, risk, assets, payments, reversals
        long distributed = 0;
        for (EntryResource entry : entries) {
            long effect = effectOnPosition(entry.postings());
            switch (entry.type()) {
                case SERVICE_FEE -> {
                    feesByService.computeIfAbsent((String) entry.details().get("serviceCode"), k -> new ArrayList<>()).add(entry);
                    moved[0] += effect;
                }
                case RISK_SHARE -> {
                    risk.add(entry);
                    moved[1] += effect;
                }
                case ASSET_TRANSFER -> {
                    assets.add(entry);
                    moved[2] += effect;
                }
                case PAYMENT -> {
                    payments.add(entry);
                    moved[3] += effect;
                }
                case REVERSAL -> {
                    reversals.add(entry);
                    moved[4] += effect;
                }
                case DISTRIBUTION -> {
                    distributions.add(entry);
                    distributed += entry.amount().minorUnits();
                    Object shares = entry.details().get("shares");
                    if (shares instanceof List<?> list) {
                        for (Object share : list) {
                            Map<?, ?> s = (Map<?, ?>) share;
                            String owner = Objects.toString(s.get("ownerId"));
                            ownerNames.put(owner, Objects.toString(s.get("name")));
                            byOwner.computeIfAbsent(owner, k -> new long[1])[0] +=
                                    Money.parse(Objects.toString(s.get("amount")), currency).minorUnits();
                        }
                    }
                }
            }
        }
        List<ServiceFees> fees = feesByService.entrySet().stream()
                .map(e -> new ServiceFees(e.getKey(), Money.ofMinor(e.getValue().stream()
                        .mapToLong(x -> x.amount().minorUnits()).sum(), currency), e.getValue()))
                .toList();
        List<OwnerTotal> owners = byOwner.entrySet().stream()
                .map(e -> new OwnerTotal(e.getKey(), ownerNames.get(e.getKey()), Money.ofMinor(e.getValue()[0], currency)))
                .toList();
        long net = moved[0] + moved[1] + moved[2] + moved[3] + moved[4];
        Totals totals = new Totals(m(moved[0], currency), m(moved[1], currency), m(moved[2], currency),
                m(moved[3], currency), m(moved[4], currency), m(net, currency), m(distributed, currency));
        boolean closed = Boolean.TRUE.equals(jdbc.sql("""
                        select exists (select 1 from period_close_view where agreement_id = ? and period = ? and closed_at <= ?)""")
                .params(agreement.agreementId(), month.toString(), known).query(Boolean.class).single());
        return new Statement(new AgreementId(agreement.agreementId()), currency, month, window.asOf(), window.knownAt(),
                closed, m(opening, currency), fees, risk, owners, distributions, assets, payments, reversals, totals,
                m(closingFromBalances, currency), opening + net == closingFromBalances,
                complianceFlags.openAt(agreement.agreementId(), window.knownAt()));
    }

    @GetMapping("/api/v1/reconciliation")
    Reconciliation reconciliation(@RequestParam(required = false) String period,
                                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                  @RequestParam(required = false) Long minPosition, HttpServletRequest request) {
        freshness.await(JournalProjection.PROCESSOR, minPosition);
        freshness.await("agreements", minPosition);
        String[] scope = ReadScope.asArray(request);
        Period month = period(period);
        com.msoledger.projections.support.Paging.check(page, size);
        long total = jdbc.sql("""
                        select count(*) from agreement_view where effective_from <= :last
                          and (cast(:scope as varchar[]) is null or practice_id = any(cast(:scope as varchar[])))""")
                .param("last", Date.valueOf(month.lastDay())).param("scope", scope).query(Long.class).single();
        List<ReconciliationLine> lines = jdbc.sql("""
                        select a.agreement_id, a.currency,
                          coalesce(sum(p.signed_minor) filter (where p.effective_date >= :first and p.entry_type <> 'PAYMENT'), 0),
                          coalesce(-sum(p.signed_minor) filter (where p.effective_date >= :first and p.entry_type = 'PAYMENT'), 0),
                          coalesce(sum(p.signed_minor), 0)
                        from agreement_view a
                        left join posting_view p on p.agreement_id = a.agreement_id and p.account = 'practice_receivable'
                                                 and p.effective_date <= :last
                        where a.effective_from <= :last
                          and (cast(:scope as varchar[]) is null or a.practice_id = any(cast(:scope as varchar[])))
                        group by a.agreement_id, a.currency
                        order by a.agreement_id limit :limit offset :offset""")
                .param("first", Date.valueOf(month.firstDay())).param("last", Date.valueOf(month.lastDay()))
                .param("limit", size).param("offset", (long) page * size).param("scope", scope)
                .query((rs, n) -> {
                    String currency = rs.getString(2);
                    long balance = rs.getLong(5);
                    return new ReconciliationLine(new AgreementId(rs.getString(1)), currency, m(rs.getLong(3), currency),
                            m(rs.getLong(4), currency), m(Math.max(balance, 0), currency), m(Math.max(-balance, 0), currency));
                })
                .list();
        return new Reconciliation(month, lines, page, size, total);
    }

    /** The practice's net position (receivable less payable) from entries effective up to {@code last}. */
    private long position(String agreementId, LocalDate last, Timestamp known) {
        Long sum = jdbc.sql("""
                        select coalesce(sum(signed_minor), 0) from posting_view
                        where agreement_id = ? and account in ('practice_receivable', 'practice_payable')
                          and effective_date <= ? and recorded_at <= ?""")
                .params(agreementId, Date.valueOf(last), known)
                .query(Long.class).single();
        return sum == null ? 0 : sum;
    }

    /** Receivable and payable are both in debit-positive terms, so their sum is the practice's net debt. */
    private static long effectOnPosition(List<Posting> postings) {
        long effect = 0;
        for (Posting posting : postings) {
            if (posting.account().equals("practice_receivable") || posting.account().equals("practice_payable")) {
                effect += posting.signedMinorUnits();
            }
        }
        return effect;
    }

    private static Period period(String value) {
        if (value == null) {
            throw new BadQuery("period", "is required, written yyyy-MM");
        }
        try {
            return Period.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadQuery("period", "must be a month written yyyy-MM, e.g. 2026-10");
        }
    }

    private static Money m(long minor, String currency) {
        return Money.ofMinor(minor, currency);
    }

}
