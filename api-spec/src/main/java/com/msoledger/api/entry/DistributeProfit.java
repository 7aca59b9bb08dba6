package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;

import java.time.LocalDate;

/**
 * Distribute profit to the owners of the distribution schedule in force for {@code period}, split by
 * stake with the largest-remainder method.
 *
 * <p>Refused when the schedule is empty, when the amount is not positive, when it exceeds the
 * undistributed net income (mso_fee_revenue + risk_share_income − risk_share_expense − what was
 * already distributed, all as the ledger's own balances say), and by every rule common to entries.
 */
public record DistributeProfit(AgreementId agreementId, String distributionId, Period period, LocalDate effectiveDate,
                               Money amount, Period correctsPeriod) implements EntryCommand {

    @Override
    public String entryId() {
        return distributionId;
    }

    @Override
    public String idField() {
        return "distributionId";
    }
}
