package dev.partita.cluster;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the cluster's arrow one way: cluster -> graph (and Hazelcast), never the dataframe engine, which it
 * has on its test class path only. The other way round, core and graph cannot reach Hazelcast: their POMs
 * do not have it.
 */
class ClusterArchitectureTest {

    @Test
    void clusterDependsOnlyOnTheGraphHazelcastAndTheJdk() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.partita.cluster");
        assertTrue(classes.containPackage("dev.partita.cluster"));
        noClasses().that().resideInAPackage("dev.partita.cluster..")
                .should().dependOnClassesThat(not(resideInAnyPackage("java..", "dev.partita.graph..",
                        "dev.partita.cluster..", "com.hazelcast..")))
                .because("the cluster runs any graph; it knows no dataframes or Arrow")
                .check(classes);
    }
}
