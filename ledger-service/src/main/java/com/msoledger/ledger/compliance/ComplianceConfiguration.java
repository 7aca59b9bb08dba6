package com.msoledger.ledger.compliance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the compliance rules once, at start-up: a file that cannot be read or validated stops the
 * application (see {@link InvalidRulesFile}) instead of letting it run without its checks.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ComplianceProperties.class)
class ComplianceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ComplianceConfiguration.class);

    @Bean
    ComplianceRules complianceRules(ComplianceProperties properties) {
        RulesFile.RuleBook book = RulesFile.load(properties.rules());
        log.info("compliance rules version {} from {}: {} rules ({})", book.version(), book.source(), book.all().size(),
                book.all().stream().map(ComplianceRule::id).toList());
        return book;
    }
}
