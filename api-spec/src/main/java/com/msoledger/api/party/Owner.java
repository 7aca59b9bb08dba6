package com.msoledger.api.party;

import com.msoledger.api.ids.Identifiers;
import com.msoledger.api.money.Percent;

import java.util.Objects;

/**
 * One owner and its stake, in a party's ownership or an agreement's distribution schedule.
 * Never a patient: owners are physicians, physician groups or investors.
 *
 * @param ownerId identifies the owner within its list (see {@link Identifiers} for the format)
 * @param name    the owner's legal or display name, 1-200 characters
 * @param stake   the owner's share; the stakes of one list sum to exactly 100.00
 */
public record Owner(String ownerId, String name, Percent stake) {

    /** Longest owner name accepted. */
    public static final int MAX_NAME_LENGTH = 200;

    public Owner {
        Identifiers.require(ownerId, "ownerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stake, "stake");
    }
}
