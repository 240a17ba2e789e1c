package org.osbuildj.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the map of docs/architecture.md true, read from the compiled classes: no circle between
 * packages, and no package importing one above it. From the bottom: {@code json}, {@code tree},
 * {@code host}, {@code pipeline}, {@code pipelines} (the model of format 2), {@code source}, {@code
 * manifest} (formats read and write the model, never the reverse), {@code isolation}, {@code
 * store}, {@code event}; then {@code fetch} (sources into the store) and the SPI ({@code spi});
 * then its implementations ({@code stages}, {@code assemblers}, {@code debian}, {@code rpm}, {@code
 * ansible}, {@code disk}, {@code external}); then {@code catalog}; and the {@code executor} on top.
 */
class PackageArchitectureTest {
  private static final String CORE = "org.osbuildj.core";
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(CORE);
  }

  @Test
  void noCircleRunsBetweenThePackagesOfCore() {
    slices().matching(CORE + ".(*)..").should().beFreeOfCycles().check(core);
  }

  @Test
  void coreKnowsNothingOfTheIsolationStoreOrLauncherModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.osbuildj.isolation..", "org.osbuildj.store..", "org.osbuildj.examples..")
        .check(core);
  }

  @Test
  void theModelAndItsFormatsKnowNothingOfStagesOrTheExecutor() {
    noClasses()
        .that()
        .resideInAnyPackage(
            CORE + ".json..",
            CORE + ".tree..",
            CORE + ".host..",
            CORE + ".pipeline..",
            CORE + ".pipelines..",
            CORE + ".source..",
            CORE + ".manifest..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            CORE + ".isolation..",
            CORE + ".store..",
            CORE + ".event..",
            CORE + ".fetch..",
            CORE + ".spi..",
            CORE + ".stages..",
            CORE + ".assemblers..",
            CORE + ".debian..",
            CORE + ".rpm..",
            CORE + ".ansible..",
            CORE + ".disk..",
            CORE + ".external..",
            CORE + ".catalog..",
            CORE + ".executor..")
        .check(core);
  }

  @Test
  void theModelDoesNotDependOnAFileFormat() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE + ".pipeline..", CORE + ".pipelines..", CORE + ".source..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(CORE + ".manifest..")
        .check(core);
  }

  @Test
  void theSpiAndTheServicesBelowItKnowNoImplementationNorTheExecutor() {
    noClasses()
        .that()
        .resideInAnyPackage(
            CORE + ".isolation..",
            CORE + ".store..",
            CORE + ".event..",
            CORE + ".fetch..",
            CORE + ".spi..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            CORE + ".stages..",
            CORE + ".assemblers..",
            CORE + ".debian..",
            CORE + ".rpm..",
            CORE + ".ansible..",
            CORE + ".disk..",
            CORE + ".external..",
            CORE + ".catalog..",
            CORE + ".executor..")
        .check(core);
  }

  @Test
  void onlyTheExecutorUsesTheExecutor() {
    noClasses()
        .that()
        .resideOutsideOfPackage(CORE + ".executor..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(CORE + ".executor..")
        .check(core);
  }
}
