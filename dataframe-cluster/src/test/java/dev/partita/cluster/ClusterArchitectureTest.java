package dev.partita.cluster;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the cluster's arrows one way: cluster -> graph, and nothing of the engine knows Hazelcast. */
class ClusterArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.partita");
    }

    @Test
    void clusterDependsOnlyOnTheGraphHazelcastAndTheJdk() {
        noClasses().that().resideInAPackage("dev.partita.cluster..")
                .should().dependOnClassesThat(not(resideInAnyPackage("java..", "dev.partita.graph..",
                        "dev.partita.cluster..", "com.hazelcast..")))
                .because("the cluster runs any graph; it knows no dataframes or Arrow")
                .check(classes);
    }

    @Test
    void onlyTheClusterKnowsHazelcast() {
        noClasses().that().resideOutsideOfPackage("dev.partita.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "dev.partita.cluster..")
                .because("core and graph use a cluster only through the Scheduler interface")
                .check(classes);
    }

    @Test
    void importedTheClusterAndTheEngine() {
        assertTrue(classes.containPackage("dev.partita.cluster") && classes.containPackage("dev.partita.exec")
                && classes.containPackage("dev.partita.graph"));
    }
}
