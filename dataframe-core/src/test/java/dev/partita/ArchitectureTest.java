package dev.partita;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the module arrows one way: core -> {io, graph}; graph knows no Arrow; io knows no graph. */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.partita");
  }

  @Test
  void graphDependsOnlyOnTheJdk() {
    noClasses().that().resideInAPackage("dev.partita.graph..")
        .should().dependOnClassesThat(not(resideInAnyPackage("java..", "dev.partita.graph..")))
        .because("the task graph is plain data with no third-party runtime dependency")
        .check(classes);
  }

  @Test
  void graphKnowsNoArrow() {
    noClasses().that().resideInAPackage("dev.partita.graph..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.arrow..")
        .check(classes);
  }

  @Test
  void ioKnowsNeitherGraphsNorDataFrames() {
    noClasses().that().resideInAPackage("dev.partita.io..")
        .should().dependOnClassesThat(
            resideInAPackage("dev.partita..").and(not(resideInAPackage("dev.partita.io.."))))
        .because("sources and sinks are usable without the engine")
        .check(classes);
  }

  @Test
  void importedAllThreeLayers() {
    // Guards the rules above against passing vacuously on an empty import.
    assertAll(
        () -> assertTrue(classes.containPackage("dev.partita.graph")),
        () -> assertTrue(classes.containPackage("dev.partita.io")),
        () -> assertTrue(classes.containPackage("dev.partita")));
  }
}
