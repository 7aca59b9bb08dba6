package com.msoledger.ledger;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Application-wide wiring that belongs to no single feature. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

    /**
     * The ledger's notion of "now" (UTC), injectable so tests can fix it: the only place main code reads
     * the system clock (ArchitectureTest enforces it). Events are dated by it in {@code RecordedAtStamp}.
     */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * For commands sent straight to the gateway (not over HTTP, where CommandSender retries inside the
     * request's transaction): two writers on one agreement (threads or instances) collide on the unique
     * (stream, sequence) constraint; the loser is retried on the fresh state instead of failing. Nothing
     * else is retried: a refused command stays refused.
     */
    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor) {
        IntervalRetryScheduler retries = IntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .retryInterval(25)
                .maxRetryCount(5)
                .nonTransientFailurePredicate(failure -> !(failure instanceof ConcurrencyException)
                        && !(failure instanceof SQLException))
                .build();
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retries).build();
    }

}
