package com.msoledger.api.entry;

import com.msoledger.api.money.Money;

import java.util.Objects;

/**
 * One line of an entry: an amount debited or credited to an account. The amount is always positive;
 * the side says which way it goes.
 */
public record Posting(String account, Side side, Money amount) {

    public Posting {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a posting's amount must be positive");
        }
    }

    public static Posting debit(String account, Money amount) {
        return new Posting(account, Side.DEBIT, amount);
    }

    public static Posting credit(String account, Money amount) {
        return new Posting(account, Side.CREDIT, amount);
    }

    /** The same amount on the other side: what a reversal posts. */
    public Posting reversed() {
        return new Posting(account, side.opposite(), amount);
    }

    /** The posting's effect on its account's balance (debits minus credits), in minor units. */
    public long signedMinorUnits() {
        return side == Side.DEBIT ? amount.minorUnits() : -amount.minorUnits();
    }
}
