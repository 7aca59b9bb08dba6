package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.api.agreement.AmendAgreement;
import com.msoledger.api.agreement.EstablishAgreement;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.agreement.FeeType;
import com.msoledger.api.agreement.FmvRange;
import com.msoledger.api.agreement.RiskSharingTerms;
import com.msoledger.api.agreement.TerminateAgreement;
import com.msoledger.api.compliance.ComplianceFlagCleared;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.api.entry.AccrueRiskShare;
import com.msoledger.api.entry.Accounts;
import com.msoledger.api.entry.AssetTransferred;
import com.msoledger.api.entry.ChargeServiceFee;
import com.msoledger.api.entry.ClosePeriod;
import com.msoledger.api.entry.DistributeProfit;
import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryCommand;
import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.entry.OwnerShare;
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
import com.msoledger.api.ids.Identifiers;
import com.msoledger.api.money.Money;
import com.msoledger.api.party.Owner;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.agreement.TermsHistory.TermsVersion;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.compliance.ComplianceRules;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One management services agreement between one MSO and one practice: the consistency boundary of
 * everything recorded under it. Each command handler states its rules, then applies one event, then
 * the compliance flags that event raised or cleared (see {@link ComplianceChecks}). The parts it
 * keeps are small classes with rules of their own: {@link AccountingPeriods}, {@link TermsHistory},
 * {@link FmvWindow}, {@link Claims}; postings come from {@link EntryPostings}, fees from {@link Fees}.
 *
 * <p>Revision 3 groups the state into those parts; snapshots of earlier revisions are ignored (the
 * aggregate is rebuilt from its events instead).
 */
@Aggregate(snapshotTriggerDefinition = "agreementSnapshotTrigger", cache = "agreementCache")
@Revision("3")
class Agreement {

    static final int MAX_REASON = 500;
    static final int MAX_REFERENCE = 100;

    @AggregateIdentifier
    private String streamId;
    private AgreementId agreementId;
    private String currency;
    /** The state of operation: which compliance rules apply. */
    private String state;
    private AgreementTerminated termination;
    private AccountingPeriods periods = new AccountingPeriods();
    private TermsHistory terms = new TermsHistory();
    /** Balance per account, debits minus credits, in minor units. */
    private Map<String, Long> balances = new HashMap<>();
    private Claims claims = new Claims();
    private Flags flags = new Flags();
    private FmvWindow fmv = new FmvWindow();

    Agreement() {
        // for Axon
    }

    /**
     * Rules: both parties exist with the right kinds; a known currency and state; a start on the first
     * of a month and an end after it; consistent terms; no compliance rule of action REFUSE finds its
     * risk. FLAG rules that find theirs are recorded as flags after the establishment.
     */
    @CommandHandler
    Agreement(EstablishAgreement command, PartyDirectory parties, ComplianceRules rules) {
        parties.require(command.msoId(), PartyKind.MSO, "msoId");
        parties.require(command.practiceId(), PartyKind.PRACTICE, "practiceId");
        TermsRules.requireEstablishable(command);
        ComplianceChecks.refuseTerms(rules, command.state(), command.terms(), command.fmvOpinionReference(), "terms");
        apply(new AgreementEstablished(command.agreementId(), command.msoId(), command.practiceId(), command.currency(),
                command.state(), command.effectiveFrom(), command.effectiveTo(), command.fmvOpinionReference(),
                command.terms()));
        // events applied in a constructor reach the aggregate's fields only once it returns: use the command's values
        flags.raiseOrClear(rules, command.agreementId(), ComplianceChecks.onTerms(rules, command.state(), command.terms(), 1,
                command.effectiveFrom(), command.fmvOpinionReference(), Map.of()));
        flags.raiseOrClear(rules, command.agreementId(), ComplianceChecks.onTerm(rules, command.state(), command.effectiveFrom(),
                command.effectiveTo(), "initial term"));
    }

    /**
     * Rules: the amendment id is well formed and, if used before, used for the same content; the new
     * terms start on the first day of a month after today, after the latest version and within the
     * term ({@link TermsHistory#requireNewVersionFrom}); the terms are consistent; no compliance rule of
     * action REFUSE finds its risk. FLAG rules on terms are evaluated again: flags raised for the new
     * terms, cleared for risks they no longer carry.
     *
     * @return the amendment as recorded (the original one for a repeated request)
     */
    @CommandHandler
    AgreementAmended handle(AmendAgreement command, Clock clock, ComplianceRules rules) {
        if (!Identifiers.isValid(command.amendmentId())) {
            throw RuleViolation.invalid("invalid-id", "amendmentId", "amendmentId must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        Optional<AgreementAmended> earlier = terms.repeatOf(command);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        terms.requireNewVersionFrom(command.effectiveFrom(), LocalDate.now(clock), periods.lastDay(), rules, state);
        TermsRules.requireText(command.fmvOpinionReference(), "fmvOpinionReference", TermsRules.MAX_TEXT);
        TermsRules.requireValid(command.terms(), currency, "terms");
        String opinion = command.fmvOpinionReference() != null ? command.fmvOpinionReference() : terms.fmvOpinionReference();
        ComplianceChecks.refuseTerms(rules, state, command.terms(), opinion, "terms");
        AgreementAmended amended = new AgreementAmended(agreementId, command.amendmentId(), terms.latest().version() + 1,
                command.effectiveFrom(), command.fmvOpinionReference(), command.terms());
        apply(amended);
        // the opinion on file now, the amendment's own if it gave one
        flags.raiseOrClear(rules, agreementId, ComplianceChecks.onTerms(rules, state, command.terms(), amended.termsVersion(),
                amended.effectiveFrom(), terms.fmvOpinionReference(), flags.open()));
        return amended;
    }

    /**
     * Rules: the end date is today or later and not before the agreement's start; an agreement ends
     * once (repeating the same termination returns it again). A MINIMUM_TERM rule flags a termination
     * that leaves the agreement shorter than its minimum.
     *
     * @return the termination as recorded
     */
    @CommandHandler
    AgreementTerminated handle(TerminateAgreement command, Clock clock, ComplianceRules rules) {
        if (termination != null) {
            if (termination.effectiveTo().equals(command.effectiveTo()) && termination.reason().equals(command.reason())) {
                return termination;
            }
            throw RuleViolation.conflict("already-terminated", "effectiveTo",
                    "the agreement was already terminated effective " + termination.effectiveTo());
        }
        if (command.effectiveTo() == null) {
            throw RuleViolation.invalid("missing-field", "effectiveTo", "effectiveTo is required");
        }
        if (command.reason() == null) {
            throw RuleViolation.invalid("missing-field", "reason", "reason is required");
        }
        TermsRules.requireText(command.reason(), "reason", MAX_REASON);
        periods.requireEarlierEnd(command.effectiveTo(), LocalDate.now(clock));
        AgreementTerminated terminated = new AgreementTerminated(agreementId, command.effectiveTo(), command.reason());
        apply(terminated);
        flags.raiseOrClear(rules, agreementId, ComplianceChecks.onTerm(rules, state, periods.effectiveFrom(), command.effectiveTo(),
                "termination"));
        return terminated;
    }

    // ---------------------------------------------------------------- entries

    /**
     * Rules: those common to entries (see {@link #record}); the service is in the terms in force for
     * the period; the basis fits its fee type; a FIXED_MONTHLY service is charged once per period; the
     * fee is positive. The fee is computed here, never taken from the client. Afterwards the service's
     * annualised fees are checked against its FMV range (see {@link #checkFairMarketValue}).
     */
    @CommandHandler
    EntryOutcome handle(ChargeServiceFee command, EntryBook book, ComplianceRules rules) {
        return record(command, book, command.period(), command.effectiveDate(), command.correctsPeriod(), () -> {
            TermsVersion version = terms.forPeriod(command.period());
            FeeTerm term = version.terms().feeTerm(command.serviceCode())
                    .orElseThrow(() -> RuleViolation.invalid("unknown-service", "serviceCode",
                            "service " + command.serviceCode() + " is not in terms version " + version.version()));
            Money fee = withinRange("basis", () -> Fees.compute(term, command.basis(), currency));
            if (term.feeType() == FeeType.FIXED_MONTHLY && claims.isHeld(new Claim.FixedFee(command.serviceCode(), command.period()))) {
                throw RuleViolation.invalid("fixed-fee-already-charged", "period",
                        command.serviceCode() + " is a fixed monthly fee already charged for " + command.period());
            }
            apply(new ServiceFeeCharged(entry(command, EntryType.SERVICE_FEE, command.period(), command.effectiveDate(), fee,
                    EntryPostings.serviceFee(fee), command.correctsPeriod()), command.serviceCode(), version.version(), term,
                    command.basis() == null ? FeeBasis.NONE : command.basis()));
            checkFairMarketValue(rules, command.serviceCode(), command.entryId());
        });
    }

    /**
     * Rules: those common to entries; the terms for the period share risk; revenue and expenses are
     * not negative; the period is not accrued yet. The share is computed by {@link RiskShare}.
     */
    @CommandHandler
    EntryOutcome handle(AccrueRiskShare command, EntryBook book) {
        return record(command, book, command.period(), command.effectiveDate(), command.correctsPeriod(), () -> {
            TermsVersion version = terms.forPeriod(command.period());
            RiskSharingTerms sharing = version.terms().riskSharing();
            if (sharing == null) {
                throw RuleViolation.invalid("no-risk-sharing", "period",
                        "terms version " + version.version() + " in force for " + command.period() + " share no risk");
            }
            TermsRules.requireAmount(command.practiceRevenue(), currency, "practiceRevenue", true);
            TermsRules.requireAmount(command.practiceExpenses(), currency, "practiceExpenses", true);
            if (claims.isHeld(new Claim.Accrual(command.period()))) {
                throw RuleViolation.invalid("period-already-accrued", "period", "risk share for " + command.period()
                        + " is already accrued; reverse that accrual to correct it");
            }
            RiskShare share = RiskShare.of(command.practiceRevenue(), command.practiceExpenses(), sharing);
            apply(new RiskShareAccrued(entry(command, EntryType.RISK_SHARE, command.period(), command.effectiveDate(),
                    share.accrued(), EntryPostings.riskShare(share.owed(), share.accrued()), command.correctsPeriod()),
                    version.version(), command.practiceRevenue(), command.practiceExpenses(), share.net(), sharing.msoShare(),
                    share.computed(), sharing.corridorCap(), sharing.corridorFloor(), share.clamped(), share.owed()));
        });
    }

    /**
     * Rules: those common to entries; the terms for the period name owners; the amount is positive and
     * at most the undistributed net income, which the ledger computes from its own balances:
     * mso_fee_revenue + risk_share_income − risk_share_expense (credits minus debits) − distributable_profit
     * (debits minus credits, i.e. what was distributed and not reversed). Split by stakes with the
     * largest-remainder method, so the parts sum to the amount exactly.
     */
    @CommandHandler
    EntryOutcome handle(DistributeProfit command, EntryBook book) {
        return record(command, book, command.period(), command.effectiveDate(), command.correctsPeriod(), () -> {
            TermsVersion version = terms.forPeriod(command.period());
            List<Owner> owners = version.terms().distributionSchedule();
            if (owners.isEmpty()) {
                throw RuleViolation.invalid("no-distribution-schedule", "period", "terms version " + version.version()
                        + " in force for " + command.period() + " name no owners to distribute to");
            }
            TermsRules.requireAmount(command.amount(), currency, "amount", false);
            Money undistributed = undistributedProfit();
            if (command.amount().isGreaterThan(undistributed)) {
                throw RuleViolation.invalid("exceeds-undistributed-profit", "amount", "only " + undistributed.toDecimalString()
                        + " " + currency + " of net income is undistributed");
            }
            List<OwnerShare> shares = EntryPostings.split(command.amount(), owners);
            apply(new ProfitDistributed(entry(command, EntryType.DISTRIBUTION, command.period(), command.effectiveDate(),
                    command.amount(), EntryPostings.distribution(command.amount(), shares), command.correctsPeriod()),
                    version.version(), undistributed, shares));
        });
    }

    /** Rules: those common to entries; a positive fair market value; the asset has not moved under this agreement. */
    @CommandHandler
    EntryOutcome handle(TransferAsset command, EntryBook book) {
        return record(command, book, null, command.effectiveDate(), null, () -> {
            if (!Identifiers.isValid(command.assetId())) {
                throw RuleViolation.invalid("invalid-id", "assetId", "assetId must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
            }
            TermsRules.requireText(command.description(), "description", TermsRules.MAX_TEXT);
            if (command.description() == null || command.category() == null || command.consideration() == null) {
                String field = command.description() == null ? "description" : command.category() == null ? "category" : "consideration";
                throw RuleViolation.invalid("missing-field", field, field + " is required");
            }
            TermsRules.requireAmount(command.fairMarketValue(), currency, "fairMarketValue", false);
            if (claims.isHeld(new Claim.Asset(command.assetId()))) {
                throw RuleViolation.invalid("asset-already-transferred", "assetId",
                        "asset " + command.assetId() + " already moved under this agreement");
            }
            Money value = command.fairMarketValue();
            apply(new AssetTransferred(entry(command, EntryType.ASSET_TRANSFER, Period.of(command.effectiveDate()),
                    command.effectiveDate(), value, EntryPostings.assetTransfer(value, command.consideration()), null),
                    command.assetId(), command.description(), command.category(), value, command.consideration()));
        });
    }

    /** Rules: those common to entries; a positive amount; a direction. Overpayment is allowed (a credit balance). */
    @CommandHandler
    EntryOutcome handle(RecordPayment command, EntryBook book) {
        return record(command, book, null, command.effectiveDate(), null, () -> {
            if (command.direction() == null) {
                throw RuleViolation.invalid("missing-field", "direction", "direction is required");
            }
            TermsRules.requireAmount(command.amount(), currency, "amount", false);
            TermsRules.requireText(command.reference(), "reference", MAX_REFERENCE);
            apply(new PaymentRecorded(entry(command, EntryType.PAYMENT, Period.of(command.effectiveDate()),
                    command.effectiveDate(), command.amount(), EntryPostings.payment(command.direction(), command.amount()),
                    null), command.direction(), command.reference()));
        });
    }

    /**
     * Rules: those common to entries; the entry exists, is not a reversal and was not reversed before,
     * and is not dated after its reversal. Posts the original's postings with every side swapped, so the
     * pair nets to nothing. Reversing a fee charge checks that service's annualised fees against its
     * FMV range again.
     */
    @CommandHandler
    EntryOutcome handle(ReverseEntry command, EntryBook book, ComplianceRules rules) {
        return record(command, book, null, command.effectiveDate(), command.correctsPeriod(), () -> {
            if (command.reason() == null) {
                throw RuleViolation.invalid("missing-field", "reason", "reason is required");
            }
            TermsRules.requireText(command.reason(), "reason", MAX_REASON);
            EntryBook.RecordedEntry original = (Identifiers.isValid(command.reversedEntryId())
                    ? book.find(agreementId, command.reversedEntryId()) : Optional.<EntryBook.RecordedEntry>empty())
                    .orElseThrow(() -> RuleViolation.invalid("unknown-entry", "entryId", "no entry "
                            + command.reversedEntryId() + " under this agreement"));
            original.requireReversibleOn(command.effectiveDate());
            List<Posting> postings = EntryPostings.reversal(original.postings());
            long total = postings.stream().filter(p -> p.side() == Side.DEBIT).mapToLong(p -> p.amount().minorUnits()).sum();
            Optional<String> chargedService = fmv.serviceOf(original.entryId());
            apply(new EntryReversed(entry(command, EntryType.REVERSAL, Period.of(command.effectiveDate()),
                    command.effectiveDate(), Money.ofMinor(total, currency), postings, command.correctsPeriod()),
                    original.entryId(), original.type(), command.reason()));
            chargedService.ifPresent(service -> checkFairMarketValue(rules, service, command.entryId()));
        });
    }

    /** Rules: see {@link AccountingPeriods#closesNow}. Closing a closed period again returns it. */
    @CommandHandler
    PeriodClosed handle(ClosePeriod command, Clock clock) {
        boolean closesNow = periods.closesNow(command.period(), LocalDate.now(clock));
        PeriodClosed closed = new PeriodClosed(agreementId, command.period());
        if (closesNow) {
            apply(closed);
        }
        return closed;
    }

    /**
     * The one way an entry is recorded. The rules every entry follows come first: a well-formed id,
     * used before only for the very same request (then the original is the answer, and nothing is
     * applied again); then the dates ({@link AccountingPeriods#requireEntryDates}); then the entry's own rules,
     * which apply its event.
     */
    private EntryOutcome record(EntryCommand command, EntryBook book, Period period, LocalDate effectiveDate,
                                Period correctsPeriod, Runnable rulesAndEvent) {
        if (!Identifiers.isValid(command.entryId())) {
            throw RuleViolation.invalid("invalid-id", command.idField(), command.idField()
                    + " must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        Optional<EntryBook.RecordedEntry> earlier = book.find(agreementId, command.entryId());
        if (earlier.isPresent()) {
            if (command.sameRequestAs(earlier.get().requestHash())) {
                return EntryOutcome.repeated(command.entryId());
            }
            throw RuleViolation.conflict("id-reused", command.idField(),
                    "entry " + command.entryId() + " was already recorded with other content");
        }
        periods.requireEntryDates(effectiveDate, period, correctsPeriod);
        rulesAndEvent.run();
        return EntryOutcome.recorded(command.entryId());
    }

    private Entry entry(EntryCommand command, EntryType type, Period period, LocalDate effectiveDate, Money amount,
                        List<Posting> postings, Period correctsPeriod) {
        return new Entry(command.entryId(), type, agreementId, period, effectiveDate, amount, postings, correctsPeriod,
                command.requestHash());
    }

    // ---------------------------------------------------------------- compliance

    /**
     * Compares a service's annualised fees ({@link FmvWindow#annualised}) with the FMV range of the
     * terms in force for its latest charged period, and raises or clears the FMV flag when that changes.
     */
    private void checkFairMarketValue(ComplianceRules rules, String service, String entryId) {
        fmv.annualised(service).ifPresent(annualised -> terms.on(annualised.to().firstDay()).ifPresent(version -> {
            Optional<FmvRange> range = version.terms().fmvRange(service);
            range.ifPresent(r -> flags.raiseOrClear(rules, agreementId, ComplianceChecks.onFees(rules, state, service, r,
                    version.version(), annualised, currency, entryId)));
        }));
    }

    /** Net income (credits minus debits of the income accounts) minus what was distributed. */
    Money undistributedProfit() {
        long income = -(balance(Accounts.MSO_FEE_REVENUE) + balance(Accounts.RISK_SHARE_INCOME)
                + balance(Accounts.RISK_SHARE_EXPENSE));
        return Money.ofMinor(Math.max(0, income - balance(Accounts.DISTRIBUTABLE_PROFIT)), currency);
    }

    private long balance(String account) {
        return balances.getOrDefault(account, 0L);
    }

    /** Arithmetic beyond the supported range is a refusal naming the input, never a wrapped number. */
    private static Money withinRange(String field, Supplier<Money> computation) {
        try {
            return computation.get();
        } catch (com.msoledger.api.money.MoneyException e) {
            throw RuleViolation.invalid("amount-out-of-range", field, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- state

    @EventSourcingHandler
    void on(AgreementEstablished event) {
        streamId = event.agreementId().streamId();
        agreementId = event.agreementId();
        currency = event.currency();
        state = event.state();
        periods = new AccountingPeriods(event.effectiveFrom(), event.effectiveTo());
        terms = new TermsHistory(event.effectiveFrom(), event.terms(), event.fmvOpinionReference());
    }

    @EventSourcingHandler
    void on(AgreementAmended event) {
        terms.amended(event);
    }

    @EventSourcingHandler
    void on(AgreementTerminated event) {
        termination = event;
        periods.endOn(event.effectiveTo());
    }

    @EventSourcingHandler
    void on(ServiceFeeCharged event) {
        post(event.entry());
        if (event.term().feeType() == FeeType.FIXED_MONTHLY) {
            claims.hold(event.entry().entryId(), new Claim.FixedFee(event.serviceCode(), event.entry().period()));
        }
        fmv.charged(event);
    }

    @EventSourcingHandler
    void on(RiskShareAccrued event) {
        post(event.entry());
        claims.hold(event.entry().entryId(), new Claim.Accrual(event.entry().period()));
    }

    @EventSourcingHandler
    void on(ProfitDistributed event) {
        post(event.entry());
    }

    @EventSourcingHandler
    void on(AssetTransferred event) {
        post(event.entry());
        claims.hold(event.entry().entryId(), new Claim.Asset(event.assetId()));
    }

    @EventSourcingHandler
    void on(PaymentRecorded event) {
        post(event.entry());
    }

    @EventSourcingHandler
    void on(EntryReversed event) {
        post(event.entry());
        claims.release(event.reversedEntryId());
        fmv.reversed(event.reversedEntryId());
    }

    @EventSourcingHandler
    void on(ComplianceFlagRaised event) {
        flags.raised(event);
    }

    @EventSourcingHandler
    void on(ComplianceFlagCleared event) {
        flags.cleared(event);
    }

    @EventSourcingHandler
    void on(PeriodClosed event) {
        periods.closed(event.period());
    }

    private void post(Entry entry) {
        for (Posting posting : entry.postings()) {
            balances.merge(posting.account(), posting.signedMinorUnits(), Math::addExact);
        }
    }
}
