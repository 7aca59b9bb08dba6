package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.RiskSharingTerms;
import com.msoledger.api.entry.Owed;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.MoneyException;
import com.msoledger.ledger.common.RuleViolation;

/**
 * The MSO's share of a period's result under the corridor terms: share = msoShare × |revenue −
 * expenses|, rounded HALF_EVEN, capped at corridorCap on a gain and corridorFloor on a loss; a gain is
 * owed by the practice, a loss by the MSO.
 *
 * @param net      revenue − expenses
 * @param computed the share before the corridor, negative on a loss
 * @param accrued  what is posted: the share within the corridor, never negative
 * @param clamped  whether the corridor limited it
 */
record RiskShare(Money net, Money computed, Money accrued, boolean clamped, Owed owed) {

    static RiskShare of(Money revenue, Money expenses, RiskSharingTerms terms) {
        Money net;
        try {
            net = revenue.minus(expenses);
        } catch (MoneyException e) {
            throw RuleViolation.invalid("amount-out-of-range", "practiceRevenue", e.getMessage());
        }
        Money share = net.abs().times(terms.msoShare());
        Money accrued = share.min(net.isNegative() ? terms.corridorFloor() : terms.corridorCap());
        Owed owed = accrued.isZero() ? Owed.NOTHING : net.isNegative() ? Owed.MSO_TO_PRACTICE : Owed.PRACTICE_TO_MSO;
        return new RiskShare(net, net.isNegative() ? share.negate() : share, accrued, !accrued.equals(share), owed);
    }
}
