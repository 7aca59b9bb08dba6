package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;

import java.time.LocalDate;

/**
 * Record a payment either way. Paying more than is owed is allowed and shows as a credit balance.
 *
 * <p>Refused when the amount is not positive, and by every rule common to entries.
 *
 * @param reference the bank or remittance reference, 1-100 characters (no patient information)
 */
public record RecordPayment(AgreementId agreementId, String paymentId, PaymentDirection direction, Money amount,
                            LocalDate effectiveDate, String reference) implements EntryCommand {

    @Override
    public String entryId() {
        return paymentId;
    }

    @Override
    public String idField() {
        return "paymentId";
    }
}
