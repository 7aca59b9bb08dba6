package com.msoledger.api.party;

import java.util.Set;

/** The two-letter codes of the US states and DC: where parties organise and agreements operate. */
public final class UsStates {

    private static final Set<String> CODES = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
            "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
            "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY");

    private UsStates() {
    }

    /** True for a two-letter upper-case code of a state or DC. */
    public static boolean isValid(String code) {
        return code != null && CODES.contains(code);
    }
}
