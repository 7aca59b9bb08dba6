package com.msoledger.ledger.registry;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command-side registries (parties, agreements, entries) are written in the command's own
 * transaction by a subscribing processor: a registry that cannot record an event must fail the command,
 * never log and carry on (Axon's default), or an entry would exist without the row that lets a retry
 * be told from a conflict.
 */
@Configuration(proxyBeanMethods = false)
class RegistryProcessingConfiguration {

    @Bean
    ConfigurerModule registryFailuresFailTheCommand() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerListenerInvocationErrorHandler(
                PartyRegistry.PROCESSING_GROUP, axon -> PropagatingErrorHandler.instance()));
    }
}
