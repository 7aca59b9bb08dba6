package com.msoledger.ledger.it;

import com.msoledger.api.entry.PaymentDirection;
import com.msoledger.api.entry.RecordPayment;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command that loses the race on its agreement to a writer elsewhere (another instance: no stream
 * lock of this one is taken) is retried from its savepoint on the fresh state, inside its request's
 * transaction, and answered once.
 */
class CommandRetryTest extends IntegrationTest {

    @Autowired
    CommandGateway gateway;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    void aCommandThatLosesTheRaceOnItsAgreementIsRetriedOnTheFreshStateAndRecordedOnce() throws Exception {
        String agreement = establishWorkedExample();
        double okBefore = okPayments();
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        // the other writer appends the agreement's next event and keeps its transaction open
        CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(tx -> {
                    gateway.sendAndWait(new RecordPayment(new AgreementId(agreement), "elsewhere",
                            PaymentDirection.PRACTICE_TO_MSO, Money.parse("1.00", "USD"), calendar.end(-1), null));
                    appended.countDown();
                    try {
                        assertThat(commit.await(30, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }));
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Api.Response> here = CompletableFuture.supplyAsync(() -> api.post(
                "/api/v1/agreements/" + agreement + "/payments", """
                        {"paymentId":"here","direction":"PRACTICE_TO_MSO","amount":"2.00","effectiveDate":"{P-1:end}"}"""));
        // it appends the same sequence number and waits for the other writer's transaction
        await("the command waiting on the other writer's row").atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("""
                                select count(*) from pg_stat_activity
                                where wait_event_type = 'Lock' and query ilike '%insert into domain_event_entry%'""")
                        .query(Long.class).single() > 0);
        commit.countDown();
        elsewhere.get(30, TimeUnit.SECONDS);

        Api.Response response = require(here.get(30, TimeUnit.SECONDS), 201);
        // both recorded, each once, the retried one after the other
        List<String> payments = jdbc.sql("""
                        select r.entry_id from entry_registry r join domain_event_entry e on e.event_identifier = r.event_identifier
                        where r.agreement_id = ? order by e.sequence_number""")
                .param(agreement).query(String.class).list();
        assertThat(payments).containsExactly("elsewhere", "here");
        assertThat(response.json().get("entryId").asText()).isEqualTo("here");
        assertThat(response.json().get("position").asLong()).isEqualTo(response.position());
        // timed and counted once, as a success
        assertThat(okPayments() - okBefore).isEqualTo(1);
    }

    private double okPayments() {
        var counter = meters.find("ledger.commands").tags("command", "RecordPayment", "outcome", "ok").counter();
        return counter == null ? 0 : counter.count();
    }
}
