package com.msoledger.api.party;

/** What a party is to the ledger: the management company or the practice it serves. */
public enum PartyKind {
    /** A management services organization: bills the practice for services, may share its risk. */
    MSO,
    /** A physician practice, dental group, clinic or surgery centre: keeps clinical control. */
    PRACTICE
}
