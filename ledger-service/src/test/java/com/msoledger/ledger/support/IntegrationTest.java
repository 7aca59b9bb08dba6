package com.msoledger.ledger.support;

import com.msoledger.ledger.LedgerApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run the whole service over HTTP on a real PostgreSQL. All subclasses share one
 * application context and one fresh database (tests use unique ids, so they do not interfere).
 */
@AutoConfigureObservability
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
public abstract class IntegrationTest {

    private static TestDatabases.Database database;

    @LocalServerPort
    protected int port;

    protected Api api;

    /** The test's dates, relative to the day it started on; {@link #api} fills its placeholders from it. */
    protected TestCalendar calendar;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.register(registry, IntegrationTest::shared);
    }

    private static synchronized TestDatabases.Database shared() {
        if (database == null) {
            database = TestDatabases.create();
        }
        return database;
    }

    @BeforeEach
    void api() {
        calendar = TestCalendar.now();
        api = new Api(port, calendar).header("Authorization", TestTokens.bearer(TestTokens.everything()));
    }

    /** Registers an MSO and a practice and establishes the worked-example agreement between them. */
    protected String establishWorkedExample() {
        String mso = Samples.unique("mso");
        String practice = Samples.unique("practice");
        String agreement = Samples.unique("msa");
        require(api.post("/api/v1/parties", Samples.mso(mso)), 201);
        require(api.post("/api/v1/parties", Samples.practice(practice)), 201);
        require(api.post("/api/v1/agreements", Samples.agreement(agreement, mso, practice)), 201);
        return agreement;
    }

    protected static Api.Response require(Api.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response);
        }
        return response;
    }
}
