package com.msoledger.api.http;

import java.net.URI;

/**
 * The {@code type} of every problem the API answers with: {@value #BASE} followed by the kind of
 * refusal ({@code invalid-input}, {@code period-closed}, …), as documented in the contract.
 */
public final class ProblemTypes {

    /** The base every problem type starts with. */
    public static final String BASE = "https://mso-ledger.dev/problems/";

    private ProblemTypes() {
    }

    /** The problem type of a kind of refusal, e.g. {@code of("not-found")}. */
    public static URI of(String code) {
        return URI.create(BASE + code);
    }
}
