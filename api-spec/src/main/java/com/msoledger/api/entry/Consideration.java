package com.msoledger.api.entry;

/** How the MSO pays for an asset it takes over. */
public enum Consideration {
    /** paid at once: Cr cash */
    CASH,
    /** owed to the practice: Cr practice_payable, settled by a later payment */
    PAYABLE
}
