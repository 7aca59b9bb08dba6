package com.msoledger.ledger.archfixtures.cycle.one;

import com.msoledger.ledger.archfixtures.cycle.two.Two;

/** Half of a package cycle, for ArchitectureTest to show the cycle rule failing. */
public class One {
    public Two other() {
        return new Two();
    }
}
