package com.msoledger.ledger.archfixtures.cycle.two;

import com.msoledger.ledger.archfixtures.cycle.one.One;

/** The other half of a package cycle, for ArchitectureTest to show the cycle rule failing. */
public class Two {
    public One other() {
        return new One();
    }
}
