package com.msoledger.api.entry;

/** Which way an accrued amount is owed. */
public enum Owed {
    /** the practice owes the MSO (a gain) */
    PRACTICE_TO_MSO,
    /** the MSO owes the practice (a loss) */
    MSO_TO_PRACTICE,
    /** nothing is owed (a result of exactly zero) */
    NOTHING
}
