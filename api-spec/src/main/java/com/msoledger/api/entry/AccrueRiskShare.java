package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;

import java.time.LocalDate;

/**
 * Accrue the MSO's share of the practice's result for a period: {@code msoShare} × (revenue −
 * expenses), capped at {@code corridorCap} on a gain and at {@code corridorFloor} on a loss.
 *
 * <p>Refused when the terms for the period have no risk sharing, when the period was already accrued
 * (correct it by reversing that accrual first), when an amount is negative, and by every rule common
 * to entries.
 */
public record AccrueRiskShare(AgreementId agreementId, String accrualId, Period period, LocalDate effectiveDate,
                              Money practiceRevenue, Money practiceExpenses, Period correctsPeriod) implements EntryCommand {

    @Override
    public String entryId() {
        return accrualId;
    }

    @Override
    public String idField() {
        return "accrualId";
    }
}
