package com.msoledger.ledger.common;

import com.msoledger.api.money.Percent;
import com.msoledger.api.party.Owner;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rule every list of owners follows, for parties and distribution schedules alike. */
public final class Ownership {

    /** More owners than this is a data-entry accident, not a cap table. */
    public static final int MAX_OWNERS = 100;

    private Ownership() {
    }

    /**
     * Checks that the list is non-empty, has unique owner ids and non-blank names, and that the
     * stakes are positive and sum to exactly 100.00.
     *
     * @param field the request field holding the list, used to name the offending element
     * @throws RuleViolation on the first broken rule
     */
    public static void requireValid(List<Owner> owners, String field) {
        if (owners == null || owners.isEmpty()) {
            throw RuleViolation.invalid("owners-required", field, field + " must list at least one owner");
        }
        if (owners.size() > MAX_OWNERS) {
            throw RuleViolation.invalid("too-many-owners", field, field + " may list at most " + MAX_OWNERS + " owners");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < owners.size(); i++) {
            Owner owner = owners.get(i);
            String at = field + "[" + i + "]";
            if (!ids.add(owner.ownerId())) {
                throw RuleViolation.invalid("duplicate-owner", at + ".ownerId", "owner id " + owner.ownerId() + " appears twice");
            }
            if (owner.name().isBlank() || owner.name().length() > Owner.MAX_NAME_LENGTH) {
                throw RuleViolation.invalid("invalid-name", at + ".name", "owner name must be 1-200 characters and not blank");
            }
            if (owner.stake().hundredths() <= 0 || owner.stake().hundredths() > Percent.HUNDRED.hundredths()) {
                throw RuleViolation.invalid("invalid-stake", at + ".stake", "each stake must be above 0.00 and at most 100.00");
            }
        }
        // summed as hundredths: a long cannot overflow here, a Percent could leave its range
        long total = owners.stream().mapToLong(o -> o.stake().hundredths()).sum();
        if (total != Percent.HUNDRED.hundredths()) {
            throw RuleViolation.invalid("stakes-not-100", field, "the stakes in " + field + " sum to "
                    + (total / 100) + "." + String.format("%02d", total % 100) + ", not exactly 100.00");
        }
    }
}
