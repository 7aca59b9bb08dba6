package com.msoledger.ledger.archfixtures.lonely;

/** A public type nothing outside its package uses, for ArchitectureTest to show the visibility rule failing. */
public class Lonely {
}
