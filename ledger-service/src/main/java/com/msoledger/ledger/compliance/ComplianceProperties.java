package com.msoledger.ledger.compliance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the compliance rules come from.
 *
 * @param rules the rules file ({@code LEDGER_COMPLIANCE_RULES}): a path in the file system, or
 *              {@code classpath:<resource>}; by default the rules shipped with the ledger
 */
@ConfigurationProperties("ledger.compliance")
record ComplianceProperties(@DefaultValue(RulesFile.STANDARD) String rules) {
}
