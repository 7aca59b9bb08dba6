package com.msoledger.ledger;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The module arrows of the design, enforced: a build fails when code reaches where it must not. */
class ArchitectureTest {

    /** The service's classes with its tests, which may use a type from another package too (the test support does). */
    private static final JavaClasses WITH_TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("com.msoledger.ledger");

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("com.msoledger");

    private static final JavaClasses WITH_MODULE_JARS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.msoledger");

    @Test
    void projectionsNeverTouchTheCommandSide() {
        noClasses().that().resideInAPackage("com.msoledger.projections..")
                .should().dependOnClassesThat().resideInAPackage("com.msoledger.ledger..")
                .check(WITH_MODULE_JARS);
    }

    @Test
    void theContractDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("com.msoledger.api..")
                .should().dependOnClassesThat().resideInAnyPackage("com.msoledger.ledger..", "com.msoledger.projections..")
                .check(WITH_MODULE_JARS);
    }

    @Test
    void aggregatesAreFreeOfWebAndJdbcCode() {
        classes().that().areAnnotatedWith(Aggregate.class)
                .should().onlyDependOnClassesThat().resideOutsideOfPackages(
                        "org.springframework.web..", "org.springframework.jdbc..", "java.sql..", "javax.sql..",
                        "jakarta.servlet..", "com.msoledger.ledger.web..", "com.msoledger.ledger.registry..")
                .check(PRODUCTION);
    }

    @Test
    void noPackageOfAModuleDependsOnAnotherThatDependsBackOnIt() {
        SlicesRuleDefinition.slices().matching("com.msoledger.ledger.(*)..").should().beFreeOfCycles().check(PRODUCTION);
        SlicesRuleDefinition.slices().matching("com.msoledger.projections.(*)..").should().beFreeOfCycles().check(WITH_MODULE_JARS);
        SlicesRuleDefinition.slices().matching("com.msoledger.api.(*)..").should().beFreeOfCycles().check(WITH_MODULE_JARS);
    }

    @Test
    void theCycleRuleFailsTheBuildOnTwoPackagesThatDependOnEachOther() {
        JavaClasses cycle = new ClassFileImporter().importPackages("com.msoledger.ledger.archfixtures.cycle");
        assertThatThrownBy(() -> SlicesRuleDefinition.slices().matching("com.msoledger.ledger.archfixtures.cycle.(*)..")
                .should().beFreeOfCycles().check(cycle))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected: Slice one")
                .hasMessageContaining("Slice two");
    }

    private static final ArchCondition<JavaClass> BE_USED_FROM_ANOTHER_PACKAGE =
            new ArchCondition<>("be used from another package") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    boolean usedElsewhere = item.getDirectDependenciesToSelf().stream()
                            .anyMatch(d -> !d.getOriginClass().getPackageName().equals(item.getPackageName()));
                    if (!usedElsewhere) {
                        events.add(SimpleConditionEvent.violated(item, item.getName()
                                + " is public but used only in its own package: make it package-private"));
                    }
                }
            };

    /**
     * Internals stay package-private: a type of the service is public only when another package (or
     * another module's tests, through the service's own test code) needs it.
     */
    static final ArchRule ONLY_WHAT_OTHER_PACKAGES_USE_IS_PUBLIC = classes()
            .that().arePublic().and().areTopLevelClasses()
            .and(com.tngtech.archunit.base.DescribedPredicate.describe("of main code", c -> PRODUCTION.contain(c.getName())))
            .and().doNotHaveFullyQualifiedName("com.msoledger.ledger.LedgerApplication")
            // other packages use only its String constants, which javac copies into them: no trace in bytecode
            .and().doNotHaveFullyQualifiedName("com.msoledger.ledger.web.LedgerMetadata")
            // Tomcat instantiates it by class name, which needs a public class
            .and().doNotHaveFullyQualifiedName("com.msoledger.ledger.web.ProblemErrorReportValve")
            .should(BE_USED_FROM_ANOTHER_PACKAGE);

    @Test
    void internalsArePackagePrivate() {
        ONLY_WHAT_OTHER_PACKAGES_USE_IS_PUBLIC.check(WITH_TESTS);
    }

    @Test
    void theVisibilityRuleFailsTheBuildOnAPublicTypeNoOtherPackageUses() {
        JavaClasses lonely = new ClassFileImporter().importClasses(com.msoledger.ledger.archfixtures.lonely.Lonely.class);
        assertThatThrownBy(() -> classes().that().arePublic().and().areTopLevelClasses()
                .should(BE_USED_FROM_ANOTHER_PACKAGE).check(lonely))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Lonely is public but used only in its own package");
    }

    @Test
    void nothingUsesJpaOrHibernate() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..")
                .check(WITH_MODULE_JARS);
    }

    /**
     * Time is an input: "now" comes from the one {@link Clock} bean ({@code LedgerConfiguration.clock()}),
     * so tests can pin it and the ledger means the same on any date. Elapsed-time measurement with the
     * monotonic {@code System.nanoTime()} is not a reading of the date and stays allowed.
     */
    static final ArchRule ONLY_THE_CLOCK_BEAN_READS_THE_WALL_CLOCK = classes()
            .should(new ArchCondition<JavaClass>("read the wall clock only in the Clock bean") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    List<JavaCall<?>> calls = new java.util.ArrayList<>(item.getMethodCallsFromSelf());
                    calls.addAll(item.getConstructorCallsFromSelf());
                    for (JavaCall<?> call : calls) {
                        if (readsTheWallClock(call) && !isTheClockBean(call)) {
                            events.add(SimpleConditionEvent.violated(call, call.getDescription()
                                    + ": read \"now\" from the Clock bean instead"));
                        }
                    }
                }
            });

    /** Owner → methods that read the system clock when called (now() and now(ZoneId), never now(Clock)). */
    private static final Map<String, Set<String>> WALL_CLOCK = Map.ofEntries(
            Map.entry("java.time.Instant", Set.of("now")),
            Map.entry("java.time.LocalDate", Set.of("now")),
            Map.entry("java.time.LocalDateTime", Set.of("now")),
            Map.entry("java.time.LocalTime", Set.of("now")),
            Map.entry("java.time.OffsetDateTime", Set.of("now")),
            Map.entry("java.time.OffsetTime", Set.of("now")),
            Map.entry("java.time.ZonedDateTime", Set.of("now")),
            Map.entry("java.time.YearMonth", Set.of("now")),
            Map.entry("java.time.Year", Set.of("now")),
            Map.entry("java.time.MonthDay", Set.of("now")),
            Map.entry("java.time.Clock", Set.of("systemUTC", "systemDefaultZone", "system")),
            Map.entry("java.lang.System", Set.of("currentTimeMillis")),
            Map.entry("java.util.Calendar", Set.of("getInstance")),
            Map.entry("java.util.Date", Set.of("<init>")));

    private static boolean readsTheWallClock(JavaCall<?> call) {
        String owner = call.getTargetOwner().getName();
        String name = call.getName();
        if (!WALL_CLOCK.getOrDefault(owner, Set.of()).contains(name)) {
            return false;
        }
        List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
        if (name.equals("now")) {
            return parameters.stream().noneMatch(p -> p.getName().equals("java.time.Clock"));
        }
        if (owner.equals("java.util.Date")) {
            return parameters.isEmpty(); // new Date() is now; new Date(millis) is a given instant
        }
        return true;
    }

    private static boolean isTheClockBean(JavaCall<?> call) {
        return call.getOriginOwner().getName().equals("com.msoledger.ledger.LedgerConfiguration")
                && call.getOrigin().getName().equals("clock");
    }

    @Test
    void onlyTheClockBeanReadsTheWallClock() {
        ONLY_THE_CLOCK_BEAN_READS_THE_WALL_CLOCK.check(WITH_MODULE_JARS);
    }

    @Test
    void theClockRuleFailsTheBuildOnAWallClockRead() {
        JavaClasses offender = new ClassFileImporter().importClasses(ReadsTheWallClock.class);
        assertThatThrownBy(() -> ONLY_THE_CLOCK_BEAN_READS_THE_WALL_CLOCK.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Instant.now()")
                .hasMessageContaining("LocalDate.now(")
                .hasMessageContaining("System.currentTimeMillis()");
        JavaClasses honest = new ClassFileImporter().importClasses(ReadsTheClockBean.class);
        ONLY_THE_CLOCK_BEAN_READS_THE_WALL_CLOCK.check(honest);
        assertThat(honest.size()).isPositive();
    }

    /** What the rule must catch. */
    static final class ReadsTheWallClock {
        Object[] now() {
            return new Object[]{Instant.now(), LocalDate.now(java.time.ZoneOffset.UTC), System.currentTimeMillis()};
        }
    }

    /** What the rule must let through. */
    static final class ReadsTheClockBean {
        Object[] now(Clock clock) {
            return new Object[]{Instant.now(clock), LocalDate.now(clock), System.nanoTime()};
        }
    }

    /**
     * A controller turns a request into a command and what the command recorded into a response
     * ({@code CommandDispatcher} says where it landed): it never reads a table, nor deserializes a stored
     * event. The query side's GET endpoints in {@code projections} read their own read models by design
     * and are not covered.
     */
    static final ArchRule CONTROLLERS_NEVER_USE_JDBC = noClasses()
            .that().resideInAPackage("com.msoledger.ledger..").and().areMetaAnnotatedWith(Controller.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "javax.sql..", "java.sql..",
                    "org.axonframework.serialization..")
            .as("controllers never use JdbcClient, JdbcTemplate or a DataSource, nor deserialize stored events");

    /**
     * JDBC belongs to the classes that own tables: the event store's ({@code storage}: Axon's wiring and
     * {@code RecordedEvents}, the command side's one reader of {@code domain_event_entry}), the audit that
     * verifies its rows, the command-side registries and the idempotency keys. Everything else asks them.
     * ({@code java.sql} stays allowed: {@code DatabaseUnavailable} classifies its exceptions.)
     */
    static final ArchRule ONLY_TABLE_OWNERS_USE_JDBC = noClasses()
            .that().resideInAPackage("com.msoledger.ledger..")
            .and().resideOutsideOfPackages("com.msoledger.ledger.storage..", "com.msoledger.ledger.audit..",
                    "com.msoledger.ledger.registry..", "com.msoledger.ledger.idempotency..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "javax.sql..")
            .as("only the classes that own tables (storage, audit, registry, idempotency) use JDBC");

    @Test
    void controllersNeverUseJdbc() {
        CONTROLLERS_NEVER_USE_JDBC.check(PRODUCTION);
    }

    @Test
    void onlyTheClassesThatOwnTablesUseJdbc() {
        ONLY_TABLE_OWNERS_USE_JDBC.check(PRODUCTION);
    }

    @Test
    void theJdbcRulesFailTheBuildOnAControllerThatReadsTheEventStore() {
        JavaClasses offenders = new ClassFileImporter().importClasses(ReadsTheEventStore.class, AnnotatedController.class);
        assertThatThrownBy(() -> CONTROLLERS_NEVER_USE_JDBC.check(offenders))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ReadsTheEventStore.class.getName())
                .hasMessageContaining(AnnotatedController.class.getName())
                .hasMessageContaining("JdbcClient")
                .hasMessageContaining("DataSource")
                .hasMessageContaining("Serializer");
        assertThatThrownBy(() -> ONLY_TABLE_OWNERS_USE_JDBC.check(offenders))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("JdbcClient");
        JavaClasses honest = new ClassFileImporter().importClasses(AsksTheDispatcher.class);
        CONTROLLERS_NEVER_USE_JDBC.check(honest);
        ONLY_TABLE_OWNERS_USE_JDBC.check(honest);
        assertThat(honest.size()).isPositive();
    }

    /**
     * The event store's table is named only where it is owned: {@code storage} (Axon's schema and
     * {@code RecordedEvents}) and {@code audit}. A string, so the sources are read rather than the classes.
     */
    @Test
    void onlyStorageAndAuditNameTheEventStoreTable() {
        assertThat(sourcesNamingTheEventStoreTable(Path.of("src/main/java/com/msoledger/ledger"))).isEmpty();
    }

    @Test
    void theEventStoreTableCheckFindsASourceThatNamesIt(@TempDir Path sources) throws IOException {
        String reads = "class C { String sql = \"select payload from domain_event_entry\"; }";
        Files.createDirectories(sources.resolve("agreement"));
        Files.writeString(sources.resolve("agreement/Reader.java"), reads);
        Files.createDirectories(sources.resolve("storage"));
        Files.writeString(sources.resolve("storage/Owner.java"), reads);
        assertThat(sourcesNamingTheEventStoreTable(sources)).containsExactly(sources.resolve("agreement/Reader.java"));
    }

    private static List<Path> sourcesNamingTheEventStoreTable(Path root) {
        assertThat(root).isDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.startsWith(root.resolve("storage")) && !file.startsWith(root.resolve("audit")))
                    .filter(file -> {
                        try {
                            return Files.readString(file).contains("domain_event_entry");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the JDBC rules must catch: a controller reading the store and deserializing what it read. */
    @RestController
    static final class ReadsTheEventStore {
        JdbcClient jdbc;
        Serializer serializer;

        Object read() {
            return jdbc.sql("select payload from domain_event_entry").query().singleValue();
        }
    }

    /** And a plain {@code @Controller} holding a DataSource. */
    @Controller
    static final class AnnotatedController {
        DataSource dataSource;
    }

    /** What they must let through: a controller that dispatches and renders. */
    @RestController
    static final class AsksTheDispatcher {
        com.msoledger.ledger.command.CommandDispatcher commands;
    }
}
