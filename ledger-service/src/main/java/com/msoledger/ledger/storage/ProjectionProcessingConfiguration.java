package com.msoledger.ledger.storage;

import com.msoledger.projections.admin.ProjectionFailures;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the projection processors treat an event they cannot apply: they halt at it and never skip it.
 * Axon's default listener-invocation error handler logs the exception and lets the processor move its
 * token past the event, so the read model silently misses it while reporting no lag. Instead the
 * exception propagates (see {@link ProjectionFailures}): the tracking processor rolls the batch back and
 * retries it from the same token, backing off from 1 s to 60 s, until the cause is fixed.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionProcessingConfiguration {

    @Bean
    ConfigurerModule projectionsHaltOnFailure(ProjectionFailures failures) {
        return configurer -> configurer.eventProcessing(processing -> ProjectionFailures.PROCESSORS.forEach(processor ->
                processing.registerListenerInvocationErrorHandler(processor, axon -> failures.errorHandler(processor))));
    }
}
