package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.api.agreement.AmendAgreement;
import com.msoledger.api.agreement.EstablishAgreement;
import com.msoledger.api.agreement.TerminateAgreement;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.agreement.FeeType;
import com.msoledger.api.agreement.FmvRange;
import com.msoledger.api.agreement.RiskSharingTerms;
import com.msoledger.api.compliance.ComplianceFlagCleared;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.api.entry.AccrueRiskShare;
import com.msoledger.api.entry.Accounts;
import com.msoledger.api.entry.AssetTransferred;
import com.msoledger.api.entry.ChargeServiceFee;
import com.msoledger.api.entry.ClosePeriod;
import com.msoledger.api.entry.Consideration;
import com.msoledger.api.entry.DistributeProfit;
import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryCommand;
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
import com.msoledger.api.money.MoneyException;
import com.msoledger.api.party.Owner;
import com.msoledger.api.time.Period;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Money;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.party.UsStates;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.compliance.ComplianceRules;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One management services agreement between one MSO and one practice: the consistency boundary of
 * everything recorded under it. Each command handler states its rules, then applies one event, then
 * the compliance flags that event raised or cleared (see {@link ComplianceChecks}).
 *
 * <p>Revision 2 added the compliance state; snapshots of revision 1 lack it and are ignored (the
 * aggregate is rebuilt from its events instead).
 */
@Aggregate(snapshotTriggerDefinition = "agreementSnapshotTrigger", cache = "agreementCache")
@Revision("2")
class Agreement {

    static final int MAX_REASON = 500;
    static final int MAX_REFERENCE = 100;

    @AggregateIdentifier
    private String streamId;
    private AgreementId agreementId;
    private String currency;
    private LocalDate effectiveFrom;
    private LocalDate effectiveTo;
    private AgreementTerminated termination;
    private List<TermsVersion> versions = new ArrayList<>();
    private Map<String, AgreementAmended> amendments = new HashMap<>();
    /** Last closed accounting period, or null while none is closed. */
    private Period lastClosed;
    /** Balance per account, debits minus credits, in minor units. */
    private Map<String, Long> balances = new HashMap<>();
    /**
     * What an entry holds exclusively until reversed: a fixed fee's service and period, an accrual's
     * period, an asset's id. Keyed by entry id; small however long the journal grows.
     */
    private Map<String, String> claims = new HashMap<>();
    /** The state of operation: which compliance rules apply. */
    private String state;
    /** The latest FMV opinion reference given (at establishment or by an amendment), or null. */
    private String fmvOpinionReference;
    /** The compliance flags raised and not cleared: flag id → rule id. */
    private Map<String, String> openFlags = new HashMap<>();
    /** Per service ever charged: the first and the latest period charged, for annualising its fees. */
    private Map<String, ChargedPeriods> chargedPeriods = new HashMap<>();
    /**
     * The fee charges of each service's last 12 charged periods, by entry id, until reversed. Charges
     * for older periods are dropped: they can no longer count towards an annual total, which keeps this
     * (and the snapshots) small however long the agreement runs.
     */
    private Map<String, RecentCharge> recentCharges = new HashMap<>();

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
        requireParty(parties, command.msoId(), PartyKind.MSO, "msoId");
        requireParty(parties, command.practiceId(), PartyKind.PRACTICE, "practiceId");
        requireCurrency(command.currency());
        if (!UsStates.isValid(command.state())) {
            throw RuleViolation.invalid("unknown-state", "state", "state must be a two-letter US state code such as CA");
        }
        if (command.effectiveFrom() == null) {
            throw RuleViolation.invalid("missing-field", "effectiveFrom", "effectiveFrom is required");
        }
        if (command.effectiveFrom().getDayOfMonth() != 1) {
            throw RuleViolation.invalid("not-period-start", "effectiveFrom",
                    "effectiveFrom must be the first day of a month, so every period has one set of terms");
        }
        if (command.effectiveTo() != null && !command.effectiveTo().isAfter(command.effectiveFrom())) {
            throw RuleViolation.invalid("term-inverted", "effectiveTo", "effectiveTo must be after effectiveFrom");
        }
        TermsRules.requireText(command.fmvOpinionReference(), "fmvOpinionReference", TermsRules.MAX_TEXT);
        TermsRules.requireValid(command.terms(), command.currency(), "terms");
        ComplianceChecks.refuseTerms(rules, command.state(), command.terms(), command.fmvOpinionReference(), "terms");
        apply(new AgreementEstablished(command.agreementId(), command.msoId(), command.practiceId(), command.currency(),
                command.state(), command.effectiveFrom(), command.effectiveTo(), command.fmvOpinionReference(),
                command.terms()));
        // events applied in a constructor reach the aggregate's fields only once it returns: use the command's values
        settle(rules, command.agreementId(), ComplianceChecks.onTerms(rules, command.state(), command.terms(), 1,
                command.effectiveFrom(), command.fmvOpinionReference(), Map.of()));
        settle(rules, command.agreementId(), ComplianceChecks.onTerm(rules, command.state(), command.effectiveFrom(),
                command.effectiveTo(), "initial term"));
    }

    /**
     * Rules: the amendment id is well formed and, if used before, used for the same content; the
     * agreement is not terminated before the new terms would start; the new terms start on the first
     * day of a month after today and after the latest version (a refusal named after the
     * TERMS_SET_IN_ADVANCE rule); the terms are consistent; no compliance rule of action REFUSE finds its
     * risk. FLAG rules on terms are evaluated again: flags raised for the new terms, cleared for risks
     * they no longer carry.
     *
     * @return the amendment as recorded (the original one for a repeated request)
     */
    @CommandHandler
    AgreementAmended handle(AmendAgreement command, Clock clock, ComplianceRules rules) {
        if (!Identifiers.isValid(command.amendmentId())) {
            throw RuleViolation.invalid("invalid-id", "amendmentId", "amendmentId must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        AgreementAmended earlier = amendments.get(command.amendmentId());
        if (earlier != null) {
            if (Objects.equals(earlier.effectiveFrom(), command.effectiveFrom())
                    && Objects.equals(earlier.terms(), command.terms())
                    && Objects.equals(earlier.fmvOpinionReference(), command.fmvOpinionReference())) {
                return earlier;
            }
            throw RuleViolation.conflict("id-reused", "amendmentId",
                    "amendment " + command.amendmentId() + " was already recorded with other content");
        }
        if (command.effectiveFrom() == null) {
            throw RuleViolation.invalid("missing-field", "effectiveFrom", "effectiveFrom is required");
        }
        LocalDate today = LocalDate.now(clock);
        if (!command.effectiveFrom().isAfter(today)) {
            throw ComplianceChecks.notSetInAdvance(rules, state, "amendment-not-in-future", "effectiveFrom",
                    "amended terms must take effect after today (" + today + "); past and current periods keep their terms");
        }
        if (command.effectiveFrom().getDayOfMonth() != 1) {
            throw ComplianceChecks.notSetInAdvance(rules, state, "not-period-start", "effectiveFrom",
                    "amended terms must take effect on the first day of a month, never mid-period");
        }
        TermsVersion latest = versions.get(versions.size() - 1);
        if (!command.effectiveFrom().isAfter(latest.effectiveFrom())) {
            throw RuleViolation.invalid("amendment-out-of-order", "effectiveFrom",
                    "terms version " + latest.version() + " already takes effect on " + latest.effectiveFrom()
                            + "; a new version must start after it");
        }
        LocalDate end = lastDay();
        if (end != null && command.effectiveFrom().isAfter(end)) {
            throw RuleViolation.invalid("after-agreement-end", "effectiveFrom", "the agreement ends on " + end);
        }
        TermsRules.requireText(command.fmvOpinionReference(), "fmvOpinionReference", TermsRules.MAX_TEXT);
        TermsRules.requireValid(command.terms(), currency, "terms");
        String opinion = command.fmvOpinionReference() != null ? command.fmvOpinionReference() : fmvOpinionReference;
        ComplianceChecks.refuseTerms(rules, state, command.terms(), opinion, "terms");
        AgreementAmended amended = new AgreementAmended(agreementId, command.amendmentId(), latest.version() + 1,
                command.effectiveFrom(), command.fmvOpinionReference(), command.terms());
        apply(amended);
        settle(rules, agreementId, ComplianceChecks.onTerms(rules, state, command.terms(), amended.termsVersion(),
                amended.effectiveFrom(), fmvOpinionReference, openFlags));
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
            if (Objects.equals(termination.effectiveTo(), command.effectiveTo())
                    && Objects.equals(termination.reason(), command.reason())) {
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
        LocalDate today = LocalDate.now(clock);
        if (command.effectiveTo().isBefore(today)) {
            throw RuleViolation.invalid("termination-in-past", "effectiveTo",
                    "an agreement cannot be ended retroactively; effectiveTo must be " + today + " or later");
        }
        if (command.effectiveTo().isBefore(effectiveFrom)) {
            throw RuleViolation.invalid("term-inverted", "effectiveTo", "effectiveTo must not be before the agreement's start " + effectiveFrom);
        }
        if (effectiveTo != null && command.effectiveTo().isAfter(effectiveTo)) {
            throw RuleViolation.invalid("after-agreement-end", "effectiveTo",
                    "the agreement's term already ends on " + effectiveTo + "; a termination can only end it earlier");
        }
        AgreementTerminated terminated = new AgreementTerminated(agreementId, command.effectiveTo(), command.reason());
        apply(terminated);
        settle(rules, agreementId, ComplianceChecks.onTerm(rules, state, effectiveFrom, command.effectiveTo(), "termination"));
        return terminated;
    }

    // ---------------------------------------------------------------- entries

    /**
     * Rules: those common to entries (see {@link #admit}); the service is in the terms in force for the
     * period; the basis fits its fee type; a FIXED_MONTHLY service is charged once per period; the fee
     * is positive. The fee is computed here, never taken from the client. Afterwards the service's
     * annualised fees are checked against its FMV range (see {@link #checkFairMarketValue}).
     */
    @CommandHandler
    EntryOutcome handle(ChargeServiceFee command, EntryBook book, ComplianceRules rules) {
        Optional<EntryOutcome> repeat = admit(command, book, command.period(), command.effectiveDate(), command.correctsPeriod());
        if (repeat.isPresent()) {
            return repeat.get();
        }
        TermsVersion version = termsFor(command.period());
        FeeTerm term = version.terms().feeTerm(command.serviceCode())
                .orElseThrow(() -> RuleViolation.invalid("unknown-service", "serviceCode",
                        "service " + command.serviceCode() + " is not in terms version " + version.version()));
        Money fee = withinRange("basis", () -> Fees.compute(term, command.basis(), currency));
        String claim = term.feeType() == FeeType.FIXED_MONTHLY
                ? "fixed:" + command.serviceCode() + ":" + command.period() : null;
        if (claim != null && claims.containsValue(claim)) {
            throw RuleViolation.invalid("fixed-fee-already-charged", "period",
                    command.serviceCode() + " is a fixed monthly fee already charged for " + command.period());
        }
        Entry entry = entry(command, EntryType.SERVICE_FEE, command.period(), command.effectiveDate(), fee,
                List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, fee), Posting.credit(Accounts.MSO_FEE_REVENUE, fee)),
                command.correctsPeriod());
        apply(new ServiceFeeCharged(entry, command.serviceCode(), version.version(), term,
                command.basis() == null ? FeeBasis.NONE : command.basis()));
        checkFairMarketValue(rules, command.serviceCode(), command.entryId());
        return EntryOutcome.recorded(command.entryId());
    }

    /**
     * Rules: those common to entries; the terms for the period share risk; revenue and expenses are
     * not negative; the period is not accrued yet. Share = msoShare × (revenue − expenses), rounded
     * HALF_EVEN, capped at corridorCap on a gain and corridorFloor on a loss.
     */
    @CommandHandler
    EntryOutcome handle(AccrueRiskShare command, EntryBook book) {
        Optional<EntryOutcome> repeat = admit(command, book, command.period(), command.effectiveDate(), command.correctsPeriod());
        if (repeat.isPresent()) {
            return repeat.get();
        }
        TermsVersion version = termsFor(command.period());
        RiskSharingTerms terms = version.terms().riskSharing();
        if (terms == null) {
            throw RuleViolation.invalid("no-risk-sharing", "period",
                    "terms version " + version.version() + " in force for " + command.period() + " share no risk");
        }
        TermsRules.requireAmount(command.practiceRevenue(), currency, "practiceRevenue", true);
        TermsRules.requireAmount(command.practiceExpenses(), currency, "practiceExpenses", true);
        String claim = "accrual:" + command.period();
        if (claims.containsValue(claim)) {
            throw RuleViolation.invalid("period-already-accrued", "period", "risk share for " + command.period()
                    + " is already accrued; reverse that accrual to correct it");
        }
        Money net = withinRange("practiceRevenue", () -> command.practiceRevenue().minus(command.practiceExpenses()));
        Money share = net.abs().times(terms.msoShare());
        Money limit = net.isNegative() ? terms.corridorFloor() : terms.corridorCap();
        Money accrued = share.min(limit);
        Owed owed = accrued.isZero() ? Owed.NOTHING : net.isNegative() ? Owed.MSO_TO_PRACTICE : Owed.PRACTICE_TO_MSO;
        List<Posting> postings = switch (owed) {
            case PRACTICE_TO_MSO -> List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, accrued),
                    Posting.credit(Accounts.RISK_SHARE_INCOME, accrued));
            case MSO_TO_PRACTICE -> List.of(Posting.debit(Accounts.RISK_SHARE_EXPENSE, accrued),
                    Posting.credit(Accounts.PRACTICE_PAYABLE, accrued));
            case NOTHING -> List.of();
        };
        Entry entry = entry(command, EntryType.RISK_SHARE, command.period(), command.effectiveDate(), accrued, postings,
                command.correctsPeriod());
        apply(new RiskShareAccrued(entry, version.version(), command.practiceRevenue(), command.practiceExpenses(), net,
                terms.msoShare(), net.isNegative() ? share.negate() : share, terms.corridorCap(), terms.corridorFloor(),
                !accrued.equals(share), owed));
        return EntryOutcome.recorded(command.entryId());
    }

    /**
     * Rules: those common to entries; the terms for the period name owners; the amount is positive and
     * at most the undistributed net income, which the ledger computes from its own balances:
     * mso_fee_revenue + risk_share_income − risk_share_expense (credits minus debits) − distributable_profit
     * (debits minus credits, i.e. what was distributed and not reversed).
     */
    @CommandHandler
    EntryOutcome handle(DistributeProfit command, EntryBook book) {
        Optional<EntryOutcome> repeat = admit(command, book, command.period(), command.effectiveDate(), command.correctsPeriod());
        if (repeat.isPresent()) {
            return repeat.get();
        }
        TermsVersion version = termsFor(command.period());
        List<Owner> owners = version.terms().distributionSchedule();
        if (owners.isEmpty()) {
            throw RuleViolation.invalid("no-distribution-schedule", "period",
                    "terms version " + version.version() + " in force for " + command.period() + " name no owners to distribute to");
        }
        TermsRules.requireAmount(command.amount(), currency, "amount", false);
        Money undistributed = undistributedProfit();
        if (command.amount().isGreaterThan(undistributed)) {
            throw RuleViolation.invalid("exceeds-undistributed-profit", "amount", "only " + undistributed.toDecimalString()
                    + " " + currency + " of net income is undistributed");
        }
        List<Money> parts = command.amount().allocate(owners.stream().map(Owner::stake).toList());
        List<OwnerShare> shares = new ArrayList<>();
        List<Posting> postings = new ArrayList<>();
        postings.add(Posting.debit(Accounts.DISTRIBUTABLE_PROFIT, command.amount()));
        for (int i = 0; i < owners.size(); i++) {
            Owner owner = owners.get(i);
            shares.add(new OwnerShare(owner.ownerId(), owner.name(), owner.stake(), parts.get(i)));
            if (parts.get(i).isPositive()) {
                postings.add(Posting.credit(Accounts.distributionsPayable(owner.ownerId()), parts.get(i)));
            }
        }
        Entry entry = entry(command, EntryType.DISTRIBUTION, command.period(), command.effectiveDate(), command.amount(),
                postings, command.correctsPeriod());
        apply(new ProfitDistributed(entry, version.version(), undistributed, shares));
        return EntryOutcome.recorded(command.entryId());
    }

    /** Rules: those common to entries; a positive fair market value; the asset has not moved under this agreement. */
    @CommandHandler
    EntryOutcome handle(TransferAsset command, EntryBook book) {
        Optional<EntryOutcome> repeat = admit(command, book, null, command.effectiveDate(), null);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        if (!Identifiers.isValid(command.assetId())) {
            throw RuleViolation.invalid("invalid-id", "assetId", "assetId must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        TermsRules.requireText(command.description(), "description", TermsRules.MAX_TEXT);
        if (command.description() == null || command.category() == null || command.consideration() == null) {
            String field = command.description() == null ? "description" : command.category() == null ? "category" : "consideration";
            throw RuleViolation.invalid("missing-field", field, field + " is required");
        }
        TermsRules.requireAmount(command.fairMarketValue(), currency, "fairMarketValue", false);
        String claim = "asset:" + command.assetId();
        if (claims.containsValue(claim)) {
            throw RuleViolation.invalid("asset-already-transferred", "assetId",
                    "asset " + command.assetId() + " already moved under this agreement");
        }
        Money value = command.fairMarketValue();
        String credit = command.consideration() == Consideration.CASH ? Accounts.CASH : Accounts.PRACTICE_PAYABLE;
        Entry entry = entry(command, EntryType.ASSET_TRANSFER, Period.of(command.effectiveDate()), command.effectiveDate(),
                value, List.of(Posting.debit(Accounts.FIXED_ASSETS, value), Posting.credit(credit, value)), null);
        apply(new AssetTransferred(entry, command.assetId(), command.description(), command.category(), value,
                command.consideration()));
        return EntryOutcome.recorded(command.entryId());
    }

    /** Rules: those common to entries; a positive amount; a direction. Overpayment is allowed (a credit balance). */
    @CommandHandler
    EntryOutcome handle(RecordPayment command, EntryBook book) {
        Optional<EntryOutcome> repeat = admit(command, book, null, command.effectiveDate(), null);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        if (command.direction() == null) {
            throw RuleViolation.invalid("missing-field", "direction", "direction is required");
        }
        TermsRules.requireAmount(command.amount(), currency, "amount", false);
        TermsRules.requireText(command.reference(), "reference", MAX_REFERENCE);
        Money amount = command.amount();
        List<Posting> postings = command.direction() == PaymentDirection.PRACTICE_TO_MSO
                ? List.of(Posting.debit(Accounts.CASH, amount), Posting.credit(Accounts.PRACTICE_RECEIVABLE, amount))
                : List.of(Posting.debit(Accounts.PRACTICE_PAYABLE, amount), Posting.credit(Accounts.CASH, amount));
        Entry entry = entry(command, EntryType.PAYMENT, Period.of(command.effectiveDate()), command.effectiveDate(), amount,
                postings, null);
        apply(new PaymentRecorded(entry, command.direction(), command.reference()));
        return EntryOutcome.recorded(command.entryId());
    }

    /**
     * Rules: those common to entries; the entry exists, is not a reversal and was not reversed before.
     * Posts the original's postings with every side swapped, so the pair nets to nothing. Reversing a
     * fee charge checks that service's annualised fees against its FMV range again.
     */
    @CommandHandler
    EntryOutcome handle(ReverseEntry command, EntryBook book, ComplianceRules rules) {
        Optional<EntryOutcome> repeat = admit(command, book, null, command.effectiveDate(), command.correctsPeriod());
        if (repeat.isPresent()) {
            return repeat.get();
        }
        if (command.reason() == null) {
            throw RuleViolation.invalid("missing-field", "reason", "reason is required");
        }
        TermsRules.requireText(command.reason(), "reason", MAX_REASON);
        EntryBook.RecordedEntry original = (Identifiers.isValid(command.reversedEntryId())
                ? book.find(agreementId, command.reversedEntryId()) : Optional.<EntryBook.RecordedEntry>empty())
                .orElseThrow(() -> RuleViolation.invalid("unknown-entry", "entryId", "no entry " + command.reversedEntryId()
                        + " under this agreement"));
        if (original.type() == EntryType.REVERSAL) {
            throw RuleViolation.invalid("cannot-reverse-reversal", "entryId", "a reversal cannot be reversed; record the entry again");
        }
        if (command.effectiveDate().isBefore(original.effectiveDate())) {
            throw RuleViolation.invalid("reversal-before-original", "effectiveDate", "entry " + original.entryId()
                    + " is effective " + original.effectiveDate() + "; its reversal cannot be dated earlier");
        }
        if (original.reversedBy() != null) {
            throw RuleViolation.invalid("already-reversed", "entryId", "entry " + original.entryId() + " was already reversed by "
                    + original.reversedBy());
        }
        List<Posting> postings = original.postings().stream().map(Posting::reversed).toList();
        long total = postings.stream().filter(p -> p.side() == Side.DEBIT).mapToLong(p -> p.amount().minorUnits()).sum();
        Entry entry = entry(command, EntryType.REVERSAL, Period.of(command.effectiveDate()), command.effectiveDate(),
                Money.ofMinor(total, currency), postings, command.correctsPeriod());
        RecentCharge charge = recentCharges.get(original.entryId());
        apply(new EntryReversed(entry, original.entryId(), original.type(), command.reason()));
        if (charge != null) {
            checkFairMarketValue(rules, charge.serviceCode(), command.entryId());
        }
        return EntryOutcome.recorded(command.entryId());
    }

    /**
     * Rules: the period lies within the agreement, has ended, and is the next one to close (periods
     * close in order, starting with the agreement's first). Closing a closed period again returns it.
     */
    @CommandHandler
    PeriodClosed handle(ClosePeriod command, Clock clock) {
        if (command.period() == null) {
            throw RuleViolation.invalid("missing-field", "period", "period is required");
        }
        Period first = Period.of(effectiveFrom);
        if (command.period().isBefore(first)) {
            throw RuleViolation.invalid("before-agreement-start", "period", "the agreement starts in " + first);
        }
        if (lastClosed != null && !command.period().isAfter(lastClosed)) {
            return new PeriodClosed(agreementId, command.period());
        }
        LocalDate end = lastDay();
        if (end != null && command.period().firstDay().isAfter(end)) {
            throw RuleViolation.invalid("after-agreement-end", "period", "the agreement ended on " + end);
        }
        Period expected = lastClosed == null ? first : lastClosed.next();
        if (!command.period().equals(expected)) {
            throw RuleViolation.invalid("periods-close-in-order", "period", "periods close in order: close " + expected + " first");
        }
        LocalDate today = LocalDate.now(clock);
        if (!command.period().lastDay().isBefore(today)) {
            throw RuleViolation.invalid("period-not-ended", "period", command.period() + " has not ended yet");
        }
        PeriodClosed closed = new PeriodClosed(agreementId, command.period());
        apply(closed);
        return closed;
    }

    /**
     * The rules every entry follows, checked before its own: a well-formed id, used before only for
     * the very same request (then the original is the answer); an effective date within the
     * agreement's term and in an open period; a concerned period that is not after the effective date
     * and lies within the agreement; a corrected period that is closed.
     *
     * @return the original entry's outcome when this is a repeat
     */
    private Optional<EntryOutcome> admit(EntryCommand command, EntryBook book, Period period, LocalDate effectiveDate,
                                         Period correctsPeriod) {
        if (!Identifiers.isValid(command.entryId())) {
            throw RuleViolation.invalid("invalid-id", idField(command), idField(command)
                    + " must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        Optional<EntryBook.RecordedEntry> earlier = book.find(agreementId, command.entryId());
        if (earlier.isPresent()) {
            if (command.sameRequestAs(earlier.get().requestHash())) {
                return Optional.of(EntryOutcome.repeated(command.entryId()));
            }
            throw RuleViolation.conflict("id-reused", idField(command),
                    "entry " + command.entryId() + " was already recorded with other content");
        }
        if (effectiveDate == null) {
            throw RuleViolation.invalid("missing-field", "effectiveDate", "effectiveDate is required");
        }
        if (effectiveDate.isBefore(effectiveFrom)) {
            throw RuleViolation.invalid("before-agreement-start", "effectiveDate", "the agreement starts on " + effectiveFrom);
        }
        LocalDate end = lastDay();
        if (end != null && effectiveDate.isAfter(end)) {
            throw RuleViolation.invalid("after-agreement-end", "effectiveDate", "the agreement ended on " + end);
        }
        Period accounting = Period.of(effectiveDate);
        if (lastClosed != null && !accounting.isAfter(lastClosed)) {
            throw RuleViolation.invalid("period-closed", "effectiveDate", "period " + accounting
                    + " is closed; date the entry in " + lastClosed.next() + " or later (a correction of the closed period"
                    + " says so in correctsPeriod)");
        }
        if (period != null) {
            if (period.isAfter(accounting)) {
                throw RuleViolation.invalid("period-after-effective-date", "period",
                        "an entry for " + period + " cannot be dated before that period begins");
            }
            if (period.isBefore(Period.of(effectiveFrom))) {
                throw RuleViolation.invalid("before-agreement-start", "period", "the agreement starts in " + Period.of(effectiveFrom));
            }
            // a late entry for a closed period says so, so the closed books and the correction stay linked
            if (lastClosed != null && !period.isAfter(lastClosed) && !period.equals(correctsPeriod)) {
                throw RuleViolation.invalid("late-entry-needs-correction-reference", "correctsPeriod",
                        period + " is closed; an entry for it dated later must carry correctsPeriod " + period);
            }
        }
        if (correctsPeriod != null && (lastClosed == null || correctsPeriod.isAfter(lastClosed))) {
            throw RuleViolation.invalid("corrects-open-period", "correctsPeriod",
                    correctsPeriod + " is not closed; correct it with an entry dated in it");
        }
        return Optional.empty();
    }

    private Entry entry(EntryCommand command, EntryType type, Period period, LocalDate effectiveDate, Money amount,
                        List<Posting> postings, Period correctsPeriod) {
        return new Entry(command.entryId(), type, agreementId, period, effectiveDate, amount, postings, correctsPeriod,
                command.requestHash());
    }

    private TermsVersion termsFor(Period period) {
        if (period == null) {
            throw RuleViolation.invalid("missing-field", "period", "period is required");
        }
        return termsOn(period.firstDay()).orElseThrow(() -> RuleViolation.invalid("before-agreement-start", "period",
                "no terms are in force for " + period));
    }

    // ---------------------------------------------------------------- compliance

    /**
     * Compares a service's annualised fees with the FMV range of the terms in force for its latest
     * charged period, and raises or clears the FMV flag when that changes. The annual total counts the
     * periods from the first charged (or, once there are more than 12, from 11 before the latest) to the
     * latest charged, both included: with 12 periods it is their sum; with fewer, their sum / number of
     * periods × 12. Periods without charges count as zero.
     */
    private void checkFairMarketValue(ComplianceRules rules, String service, String entryId) {
        ChargedPeriods charged = chargedPeriods.get(service);
        if (charged == null) {
            return;
        }
        Optional<TermsVersion> version = termsOn(charged.latest().firstDay());
        Optional<FmvRange> range = version.flatMap(v -> v.terms().fmvRange(service));
        if (range.isEmpty()) {
            return;
        }
        YearMonth to = charged.latest().month();
        YearMonth from = charged.first().month().isAfter(to.minusMonths(11)) ? charged.first().month() : to.minusMonths(11);
        long total = 0;
        for (RecentCharge charge : recentCharges.values()) {
            if (charge.serviceCode().equals(service) && !charge.period().month().isBefore(from)) {
                total += charge.minorUnits();
            }
        }
        int periods = (int) ChronoUnit.MONTHS.between(from, to) + 1;
        ComplianceChecks.Annualised annualised = new ComplianceChecks.Annualised(new Period(from), charged.latest(),
                periods, total);
        settle(rules, agreementId, ComplianceChecks.onFees(rules, state, service, range.get(), version.get().version(), annualised,
                currency, entryId));
    }

    /**
     * Records a flag for each finding whose flag changes state: raised when it holds, cleared when it no
     * longer does. The facts also name the version of the rules file that decided it.
     */
    private void settle(ComplianceRules rules, AgreementId id, List<ComplianceChecks.Finding> findings) {
        for (ComplianceChecks.Finding finding : findings) {
            String openRule = openFlags.get(finding.flagId());
            Map<String, String> facts = new HashMap<>(finding.facts());
            facts.put("rulesVersion", rules.version());
            if (finding.holds() && openRule == null) {
                apply(new ComplianceFlagRaised(id, finding.flagId(), finding.rule().id(), finding.rule().citation(),
                        finding.summary(), facts));
            } else if (!finding.holds() && openRule != null) {
                apply(new ComplianceFlagCleared(id, finding.flagId(), openRule, facts));
            }
        }
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

    private static String idField(EntryCommand command) {
        if (command instanceof ChargeServiceFee) {
            return "chargeId";
        } else if (command instanceof AccrueRiskShare) {
            return "accrualId";
        } else if (command instanceof DistributeProfit) {
            return "distributionId";
        } else if (command instanceof TransferAsset) {
            return "transferId";
        } else if (command instanceof RecordPayment) {
            return "paymentId";
        } else if (command instanceof ReverseEntry) {
            return "reversalId";
        }
        return "entryId";
    }

    /** Arithmetic beyond the supported range is a refusal naming the input, never a wrapped number. */
    private static Money withinRange(String field, java.util.function.Supplier<Money> computation) {
        try {
            return computation.get();
        } catch (MoneyException e) {
            throw RuleViolation.invalid("amount-out-of-range", field, e.getMessage());
        }
    }

    @EventSourcingHandler
    void on(ServiceFeeCharged event) {
        post(event.entry());
        if (event.term().feeType() == FeeType.FIXED_MONTHLY) {
            claims.put(event.entry().entryId(), "fixed:" + event.serviceCode() + ":" + event.entry().period());
        }
        String service = event.serviceCode();
        Period period = event.entry().period();
        ChargedPeriods before = chargedPeriods.get(service);
        ChargedPeriods after = before == null ? new ChargedPeriods(period, period)
                : new ChargedPeriods(period.isBefore(before.first()) ? period : before.first(),
                period.isAfter(before.latest()) ? period : before.latest());
        chargedPeriods.put(service, after);
        YearMonth windowStart = after.latest().month().minusMonths(11);
        if (!period.month().isBefore(windowStart)) {
            recentCharges.put(event.entry().entryId(),
                    new RecentCharge(service, period, event.entry().amount().minorUnits()));
        }
        recentCharges.values().removeIf(c -> c.serviceCode().equals(service) && c.period().month().isBefore(windowStart));
    }

    @EventSourcingHandler
    void on(RiskShareAccrued event) {
        post(event.entry());
        claims.put(event.entry().entryId(), "accrual:" + event.entry().period());
    }

    @EventSourcingHandler
    void on(ProfitDistributed event) {
        post(event.entry());
    }

    @EventSourcingHandler
    void on(AssetTransferred event) {
        post(event.entry());
        claims.put(event.entry().entryId(), "asset:" + event.assetId());
    }

    @EventSourcingHandler
    void on(PaymentRecorded event) {
        post(event.entry());
    }

    @EventSourcingHandler
    void on(EntryReversed event) {
        post(event.entry());
        claims.remove(event.reversedEntryId());
        recentCharges.remove(event.reversedEntryId());
    }

    @EventSourcingHandler
    void on(ComplianceFlagRaised event) {
        openFlags.put(event.flagId(), event.ruleId());
    }

    @EventSourcingHandler
    void on(ComplianceFlagCleared event) {
        openFlags.remove(event.flagId());
    }

    @EventSourcingHandler
    void on(PeriodClosed event) {
        lastClosed = event.period();
    }

    private void post(Entry entry) {
        for (Posting posting : entry.postings()) {
            balances.merge(posting.account(), posting.signedMinorUnits(), Math::addExact);
        }
    }

    @EventSourcingHandler
    void on(AgreementEstablished event) {
        streamId = event.agreementId().streamId();
        agreementId = event.agreementId();
        currency = event.currency();
        effectiveFrom = event.effectiveFrom();
        effectiveTo = event.effectiveTo();
        state = event.state();
        fmvOpinionReference = event.fmvOpinionReference();
        versions.add(new TermsVersion(1, event.effectiveFrom(), event.terms()));
    }

    @EventSourcingHandler
    void on(AgreementAmended event) {
        amendments.put(event.amendmentId(), event);
        if (event.fmvOpinionReference() != null) {
            fmvOpinionReference = event.fmvOpinionReference();
        }
        versions.add(new TermsVersion(event.termsVersion(), event.effectiveFrom(), event.terms()));
    }

    @EventSourcingHandler
    void on(AgreementTerminated event) {
        termination = event;
    }

    /** The terms in force on a date: the latest version that started on or before it. */
    Optional<TermsVersion> termsOn(LocalDate date) {
        TermsVersion found = null;
        for (TermsVersion version : versions) {
            if (!version.effectiveFrom().isAfter(date)) {
                found = version;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The last day anything may be recorded, or null while open-ended. */
    private LocalDate lastDay() {
        if (termination != null) {
            return termination.effectiveTo();
        }
        return effectiveTo;
    }

    private static void requireParty(PartyDirectory parties, PartyId id, PartyKind expected, String field) {
        if (id == null) {
            throw RuleViolation.invalid("missing-field", field, field + " is required");
        }
        PartyKind kind = parties.kindOf(id)
                .orElseThrow(() -> RuleViolation.invalid("unknown-party", field, "no party is registered as " + id));
        if (kind != expected) {
            throw RuleViolation.invalid("wrong-party-kind", field, "party " + id + " is registered as " + kind + ", not " + expected);
        }
    }

    private static void requireCurrency(String currency) {
        try {
            Money.zero(currency);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw RuleViolation.invalid("unknown-currency", "currency", "currency must be an ISO 4217 code such as USD");
        }
    }

    /** One version of the terms and the day it starts governing. */
    record TermsVersion(int version, LocalDate effectiveFrom, AgreementTerms terms) {
    }

    /** The first and the latest period a service was charged for. */
    record ChargedPeriods(Period first, Period latest) {
    }

    /** A fee charge as the FMV check counts it. */
    record RecentCharge(String serviceCode, Period period, long minorUnits) {
    }
}
