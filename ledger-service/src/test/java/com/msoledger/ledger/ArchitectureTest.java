package com.msoledger.ledger;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module arrows of the design, enforced: a build fails when code reaches where it must not. */
class ArchitectureTest {

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
    void nothingUsesJpaOrHibernate() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..")
                .check(WITH_MODULE_JARS);
    }
}
