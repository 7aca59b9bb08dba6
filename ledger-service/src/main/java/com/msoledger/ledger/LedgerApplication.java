package com.msoledger.ledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * MSO Ledger: the command side, the projections and the HTTP API in one process.
 */
@SpringBootApplication(scanBasePackages = {"com.msoledger.ledger", "com.msoledger.projections"})
@EnableScheduling
public class LedgerApplication {

    public static void main(String[] args) {
        // Axon's anonymous usage reporting stays off even if the auto-configuration exclusion is removed.
        System.setProperty("axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(LedgerApplication.class, args);
    }
}
