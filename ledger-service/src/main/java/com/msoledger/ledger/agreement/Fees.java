package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.money.Money;
import com.msoledger.ledger.common.RuleViolation;

/** How a fee follows from its term and the period's basis. Rounding is HALF_EVEN, once. */
final class Fees {

    /** More units than this in one month is a typo, not a practice. */
    static final long MAX_UNITS = 1_000_000;

    private Fees() {
    }

    /**
     * @throws RuleViolation naming the basis field that does not fit the fee type, or when the fee
     *                       would be zero
     */
    static Money compute(FeeTerm term, FeeBasis basis, String currency) {
        FeeBasis given = basis == null ? FeeBasis.NONE : basis;
        Money fee = switch (term.feeType()) {
            case FIXED_MONTHLY -> {
                only(given, null);
                yield term.amount();
            }
            case PERCENT_OF_COLLECTIONS -> {
                only(given, "collections");
                positive(given.collections(), currency, "basis.collections");
                yield given.collections().times(term.rate());
            }
            case PER_UNIT -> {
                only(given, "units");
                if (given.units() < 1 || given.units() > MAX_UNITS) {
                    throw RuleViolation.invalid("invalid-units", "basis.units", "basis.units must be a whole number from 1 to " + MAX_UNITS);
                }
                yield term.unitPrice().timesUnits(given.units());
            }
            case COST_PLUS -> {
                only(given, "cost");
                positive(given.cost(), currency, "basis.cost");
                yield given.cost().withMarkup(term.markup());
            }
        };
        if (!fee.isPositive()) {
            throw RuleViolation.invalid("zero-fee", "basis", "the fee computes to " + fee.toDecimalString() + "; nothing to charge");
        }
        return fee;
    }

    /** The basis carries exactly the one field its fee type reads (none for FIXED_MONTHLY). */
    private static void only(FeeBasis basis, String needed) {
        check(basis.collections() != null, "collections", needed);
        check(basis.units() != null, "units", needed);
        check(basis.cost() != null, "cost", needed);
        if (needed != null) {
            boolean present = switch (needed) {
                case "collections" -> basis.collections() != null;
                case "units" -> basis.units() != null;
                default -> basis.cost() != null;
            };
            if (!present) {
                throw RuleViolation.invalid("basis-missing", "basis." + needed, "this service's fee is computed from basis." + needed);
            }
        }
    }

    private static void check(boolean present, String field, String needed) {
        if (present && !field.equals(needed)) {
            throw RuleViolation.invalid("basis-not-applicable", "basis." + field,
                    needed == null ? "a fixed monthly fee takes no basis" : "basis." + field + " does not apply to this service's fee type");
        }
    }

    private static void positive(Money amount, String currency, String field) {
        TermsRules.requireAmount(amount, currency, field, false);
    }
}
