package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.time.Period;

import java.time.LocalDate;

/**
 * Charge the practice for one service for one period. The ledger computes the fee from the terms in
 * force for {@code period} and the basis (see {@link FeeBasis}); the client never sends the fee.
 *
 * <p>Refused when the service is not in those terms; when the basis does not fit the fee type; when a
 * FIXED_MONTHLY service was already charged for the period (and not reversed); when the computed fee
 * is zero; and by every rule common to entries (open period, agreement term, unique id).
 */
public record ChargeServiceFee(AgreementId agreementId, String chargeId, String serviceCode, Period period,
                               LocalDate effectiveDate, FeeBasis basis, Period correctsPeriod) implements EntryCommand {

    @Override
    public String entryId() {
        return chargeId;
    }

    @Override
    public String idField() {
        return "chargeId";
    }
}
