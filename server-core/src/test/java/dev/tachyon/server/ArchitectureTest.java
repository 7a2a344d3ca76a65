package dev.tachyon.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of server-core's packages (DESIGN.md, "Packages inside server-core"), checked on its
 * compiled main classes: no package cycle, no Netty in the user's model, the facade used only by
 * what wires a server, the engine apart from the transports, no logging backend, HOCON loader,
 * OpenTelemetry SDK or Prometheus registry (those are tachyon-server's). Each rule is also run against small
 * test packages that break it, so a rule that could never fail would fail here.
 */
class ArchitectureTest {

    /** The packages a transport lives in: the engine must not know any of them. */
    private static final String[] TRANSPORT_PACKAGES = {
        "dev.tachyon.server.tcp..", "dev.tachyon.server.http..", "dev.tachyon.server.stdio..",
        "dev.tachyon.server.ndjson..", "dev.tachyon.server.connection..", "dev.tachyon.server.admin..",
    };

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tachyon");
        assertTrue(main.contain(TachyonServer.class), "the main classes were imported");
    }

    /** Every package of {@code root} is its own slice (the facade's and the model's included); none may form a cycle. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    /** The user's model in {@code modelPackage} names no Netty type at all (so none in a signature either). */
    static ArchRule noNetty(String modelPackage) {
        return noClasses().that().resideInAPackage(modelPackage)
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("the user's model carries the contract, never the plumbing (no ByteBuf in a model type)");
    }

    @Test
    void packagesFormNoCycle() {
        noPackageCycles("dev.tachyon").check(main);
    }

    @Test
    void theModelKnowsNoNetty() {
        noNetty("dev.tachyon.api..").check(main);
    }

    @Test
    void onlyTheCommandLineDemosAndFixturesUseTheFacade() {
        // The facade's own package (its builder's mapping, its read-only views) is the facade.
        noClasses().that().resideOutsideOfPackages("dev.tachyon.server",
                        "dev.tachyon.server.cli..", "dev.tachyon.server.demo..", "dev.tachyon.server.fixture..")
                .should().dependOnClassesThat(belongToAnyOf(TachyonServer.class))
                .because("the facade wires everything; nothing below it may reach back up")
                .check(main);
    }

    /** What belongs to the application (tachyon-server) or to the host, never to the library an embedder depends on. */
    static ArchRule noApplicationLibraries(String corePackages) {
        return noClasses().that().resideInAPackage(corePackages)
                .should().dependOnClassesThat().resideInAnyPackage("ch.qos.logback..", "com.typesafe.config..",
                        "io.opentelemetry.sdk..", "io.opentelemetry.exporter..", "io.micrometer.prometheusmetrics..",
                        "io.prometheus..")
                .because("the host owns logging, configuration and where metrics and traces go (issue 16): the core"
                        + " logs through the SLF4J API and takes a MeterRegistry and an OpenTelemetry from the host");
    }

    @Test
    void theCoreUsesNoLoggingBackendConfigLoaderOrExporter() {
        noApplicationLibraries("dev.tachyon..").check(main);
    }

    @Test
    void theEngineKnowsNoTransport() {
        noClasses().that().resideInAPackage("dev.tachyon.server.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT_PACKAGES)
                .because("every transport hands the engine its messages; the engine never reaches into one")
                .check(main);
    }

    @Test
    void onlyTheEngineScansMessages() {
        noClasses().that().resideOutsideOfPackages("dev.tachyon.server.engine..", "dev.tachyon.codec..")
                .should().dependOnClassesThat().areAssignableTo(dev.tachyon.codec.EnvelopeScanner.class)
                .because("a message is scanned once, by the engine's ingress (McpEngine.scan), on every transport;"
                        + " a transport that needs the method or id reads the Inbound it gets back")
                .check(main);
    }

    @Test
    void theCycleRuleReportsADeliberateCycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("dev.tachyon.archfixture");
        EvaluationResult result = noPackageCycles("dev.tachyon").evaluate(cyclic);
        assertTrue(result.hasViolation(), "ping -> pong -> ping is a cycle");
        String report = result.getFailureReport().toString();
        assertTrue(report.contains("archfixture.ping") && report.contains("archfixture.pong"), report);
    }

    @Test
    void theNettyRuleReportsAModelTypeThatShowsAByteBuf() {
        JavaClasses leaky = new ClassFileImporter().importPackages("dev.tachyon.archfixture.model");
        EvaluationResult result = noNetty("dev.tachyon.archfixture.model..").evaluate(leaky);
        assertTrue(result.hasViolation(), "LeakyModel.writeJson(ByteBuf)");
        assertTrue(result.getFailureReport().toString().contains("io.netty.buffer.ByteBuf"),
                result.getFailureReport().toString());
    }
}
