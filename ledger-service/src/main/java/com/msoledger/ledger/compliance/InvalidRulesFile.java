package com.msoledger.ledger.compliance;

/**
 * The compliance rules file cannot be used. Thrown while the application starts, so a ledger never
 * runs on rules nobody meant; the message names the file and the line at fault.
 */
public class InvalidRulesFile extends RuntimeException {

    private final String source;
    private final int line;

    public InvalidRulesFile(String source, int line, String problem) {
        super("Compliance rules file " + source + " is invalid at line " + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public InvalidRulesFile(String source, String problem, Throwable cause) {
        super("Compliance rules file " + source + " cannot be read: " + problem, cause);
        this.source = source;
        this.line = 0;
    }

    /** The file (or classpath resource) at fault. */
    public String source() {
        return source;
    }

    /** The 1-based line at fault, or 0 when the file could not be read at all. */
    public int line() {
        return line;
    }
}
