package com.msoledger.projections.support;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.compliance.ComplianceFlagCleared;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.api.entry.Accounts;
import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.entry.PaymentDirection;
import com.msoledger.api.entry.PaymentRecorded;
import com.msoledger.api.entry.PeriodClosed;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.entry.ServiceFeeCharged;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.api.party.Owner;
import com.msoledger.api.party.OwnershipStructure;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.party.PartyRegistered;
import com.msoledger.api.time.Period;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Events as the command side records them, balanced and in USD, with only what a test varies as parameters. */
public final class SampleEvents {

    public static final String USD = "USD";
    public static final String MSO = "acme-mso";

    private SampleEvents() {
    }

    public static Money usd(long minorUnits) {
        return Money.ofMinor(minorUnits, USD);
    }

    public static AgreementTerms terms(long hrMonthlyMinor) {
        return new AgreementTerms(List.of(FeeTerm.fixedMonthly("HR", usd(hrMonthlyMinor))), null, List.of(), List.of());
    }

    public static AgreementEstablished agreementEstablished(String agreementId, String practiceId, String state,
                                                            LocalDate effectiveFrom) {
        return new AgreementEstablished(new AgreementId(agreementId), new PartyId(MSO), new PartyId(practiceId), USD, state,
                effectiveFrom, null, "FMV-2026-17", terms(250_000));
    }

    public static AgreementAmended agreementAmended(String agreementId, int termsVersion, LocalDate effectiveFrom,
                                                    String fmvOpinionReference, long hrMonthlyMinor) {
        return new AgreementAmended(new AgreementId(agreementId), "amendment-" + termsVersion, termsVersion, effectiveFrom,
                fmvOpinionReference, terms(hrMonthlyMinor));
    }

    public static AgreementTerminated agreementTerminated(String agreementId, LocalDate effectiveTo, String reason) {
        return new AgreementTerminated(new AgreementId(agreementId), effectiveTo, reason);
    }

    /** A fixed monthly fee: Dr practice_receivable, Cr mso_fee_revenue. */
    public static ServiceFeeCharged fee(String agreementId, String entryId, String serviceCode, LocalDate effectiveDate,
                                        long minorUnits) {
        return fee(agreementId, entryId, serviceCode, effectiveDate, minorUnits, null);
    }

    /** A fee booked in an open period to correct {@code correctsPeriod}, already closed. */
    public static ServiceFeeCharged fee(String agreementId, String entryId, String serviceCode, LocalDate effectiveDate,
                                        long minorUnits, Period correctsPeriod) {
        Money amount = usd(minorUnits);
        Entry entry = new Entry(entryId, EntryType.SERVICE_FEE, new AgreementId(agreementId), Period.of(effectiveDate),
                effectiveDate, amount, List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, amount),
                Posting.credit(Accounts.MSO_FEE_REVENUE, amount)), correctsPeriod, "hash-" + entryId);
        return new ServiceFeeCharged(entry, serviceCode, 1, FeeTerm.fixedMonthly(serviceCode, amount), FeeBasis.NONE);
    }

    /** The practice paid the MSO: Dr cash, Cr practice_receivable. */
    public static PaymentRecorded payment(String agreementId, String entryId, LocalDate effectiveDate, long minorUnits) {
        Money amount = usd(minorUnits);
        Entry entry = new Entry(entryId, EntryType.PAYMENT, new AgreementId(agreementId), Period.of(effectiveDate),
                effectiveDate, amount, List.of(Posting.debit(Accounts.CASH, amount),
                Posting.credit(Accounts.PRACTICE_RECEIVABLE, amount)), null, "hash-" + entryId);
        return new PaymentRecorded(entry, PaymentDirection.PRACTICE_TO_MSO, "wire-" + entryId);
    }

    /** Undoes {@code original}: the same postings, every side swapped. */
    public static EntryReversed reversal(EntryEvent original, String entryId, LocalDate effectiveDate) {
        Entry o = original.entry();
        Entry entry = new Entry(entryId, EntryType.REVERSAL, o.agreementId(), Period.of(effectiveDate), effectiveDate,
                o.amount(), o.postings().stream().map(Posting::reversed).toList(), null, "hash-" + entryId);
        return new EntryReversed(entry, o.entryId(), o.type(), "charged in error");
    }

    public static PeriodClosed periodClosed(String agreementId, String period) {
        return new PeriodClosed(new AgreementId(agreementId), Period.parse(period));
    }

    public static PartyRegistered practiceRegistered(String partyId) {
        return new PartyRegistered(new PartyId(partyId), PartyKind.PRACTICE, "Sunrise Medical Group PC", "CA",
                OwnershipStructure.PROVIDER_OWNED, List.of(new Owner("dr-lee", "Dr. Ana Lee", Percent.parse("51.00")),
                new Owner("dr-park", "Dr. Sam Park", Percent.parse("49.00"))));
    }

    public static ComplianceFlagRaised flagRaised(String agreementId, String ruleId, String subject) {
        return new ComplianceFlagRaised(new AgreementId(agreementId), ruleId + ":" + subject, ruleId,
                "42 CFR 411.357(d)", "fees for " + subject + " outside the FMV range", Map.of("annualTotal", "250000.00"));
    }

    public static ComplianceFlagCleared flagCleared(String agreementId, String ruleId, String subject) {
        return new ComplianceFlagCleared(new AgreementId(agreementId), ruleId + ":" + subject, ruleId,
                Map.of("annualTotal", "150000.00"));
    }
}
