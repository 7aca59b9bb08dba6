package com.msoledger.api.entry;

import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;

/**
 * The MSO's share of a period's result was accrued. On a gain: Dr practice_receivable, Cr
 * risk_share_income; on a loss: Dr risk_share_expense, Cr practice_payable; on zero: no postings.
 * Guarantees: {@code entry.amount} = min(|netIncome| × msoShare rounded HALF_EVEN, cap or floor);
 * {@code clamped} says whether the corridor applied; one accrual per period unless reversed.
 *
 * @param computedShare the share before the corridor, signed like netIncome
 */
public record RiskShareAccrued(Entry entry, int termsVersion, Money practiceRevenue, Money practiceExpenses,
                               Money netIncome, Percent msoShare, Money computedShare, Money corridorCap,
                               Money corridorFloor, boolean clamped, Owed owed) implements EntryEvent {
}
