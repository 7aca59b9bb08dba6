package com.msoledger.ledger.agreement;

import com.msoledger.api.entry.Accounts;
import com.msoledger.api.entry.Consideration;
import com.msoledger.api.entry.Owed;
import com.msoledger.api.entry.OwnerShare;
import com.msoledger.api.entry.PaymentDirection;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.money.Money;
import com.msoledger.api.party.Owner;

import java.util.ArrayList;
import java.util.List;

/**
 * The balanced postings of each entry type, in one place (the README's "Postings of each entry type"
 * table). Every list balances per currency; {@code Entry} refuses one that does not.
 */
final class EntryPostings {

    private EntryPostings() {
    }

    /** Dr practice_receivable, Cr mso_fee_revenue. */
    static List<Posting> serviceFee(Money fee) {
        return List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, fee), Posting.credit(Accounts.MSO_FEE_REVENUE, fee));
    }

    /** A gain: Dr practice_receivable, Cr risk_share_income; a loss: Dr risk_share_expense, Cr practice_payable. */
    static List<Posting> riskShare(Owed owed, Money accrued) {
        return switch (owed) {
            case PRACTICE_TO_MSO -> List.of(Posting.debit(Accounts.PRACTICE_RECEIVABLE, accrued),
                    Posting.credit(Accounts.RISK_SHARE_INCOME, accrued));
            case MSO_TO_PRACTICE -> List.of(Posting.debit(Accounts.RISK_SHARE_EXPENSE, accrued),
                    Posting.credit(Accounts.PRACTICE_PAYABLE, accrued));
            case NOTHING -> List.of();
        };
    }

    /** An amount split by the owners' stakes with the largest-remainder method: the parts sum to it exactly. */
    static List<OwnerShare> split(Money amount, List<Owner> owners) {
        List<Money> parts = amount.allocate(owners.stream().map(Owner::stake).toList());
        List<OwnerShare> shares = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            shares.add(new OwnerShare(owners.get(i).ownerId(), owners.get(i).name(), owners.get(i).stake(), parts.get(i)));
        }
        return shares;
    }

    /** Dr distributable_profit the amount, Cr distributions_payable:&lt;owner&gt; each owner's positive part. */
    static List<Posting> distribution(Money amount, List<OwnerShare> shares) {
        List<Posting> postings = new ArrayList<>();
        postings.add(Posting.debit(Accounts.DISTRIBUTABLE_PROFIT, amount));
        for (OwnerShare share : shares) {
            if (share.amount().isPositive()) {
                postings.add(Posting.credit(Accounts.distributionsPayable(share.ownerId()), share.amount()));
            }
        }
        return postings;
    }

    /** Dr fixed_assets, Cr cash (paid) or practice_payable (owed to the practice). */
    static List<Posting> assetTransfer(Money value, Consideration consideration) {
        String credit = consideration == Consideration.CASH ? Accounts.CASH : Accounts.PRACTICE_PAYABLE;
        return List.of(Posting.debit(Accounts.FIXED_ASSETS, value), Posting.credit(credit, value));
    }

    /** From the practice: Dr cash, Cr practice_receivable; to it: Dr practice_payable, Cr cash. */
    static List<Posting> payment(PaymentDirection direction, Money amount) {
        return direction == PaymentDirection.PRACTICE_TO_MSO
                ? List.of(Posting.debit(Accounts.CASH, amount), Posting.credit(Accounts.PRACTICE_RECEIVABLE, amount))
                : List.of(Posting.debit(Accounts.PRACTICE_PAYABLE, amount), Posting.credit(Accounts.CASH, amount));
    }

    /** The original's postings with every side swapped, so the pair nets to nothing. */
    static List<Posting> reversal(List<Posting> original) {
        return original.stream().map(Posting::reversed).toList();
    }
}
