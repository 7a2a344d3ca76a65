package dev.tachyon.server.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster started by {@code deploy/local-cluster.sh up} in a run directory of the test's own:
 * the balancer's addresses and each node's pid and admin URL as the script printed them. Nodes
 * are stopped, killed and started the way an operator would (the script, {@code kill -9}), and
 * read through their admin {@code /metrics}. {@link #close} runs {@code down}.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Pattern NODE_LINE = Pattern.compile("(\\S+) pid (\\d+) (http://\\S+/)");

    private final Path runDir;
    private final URI http;
    private final InetSocketAddress tcp;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A node as the script printed it. */
    public record Node(String id, long pid, URI admin) {
    }

    private LocalCluster(Path runDir, List<String> lines) {
        this.runDir = runDir;
        this.http = URI.create(lines.get(0));
        URI tcpUri = URI.create(lines.get(1));
        this.tcp = new InetSocketAddress(tcpUri.getHost(), tcpUri.getPort());
        for (String line : lines.subList(2, lines.size())) {
            record(line);
        }
    }

    /** {@code deploy/local-cluster.sh up count} with its run directory in {@code runDir}. */
    public static LocalCluster up(Path runDir, int count) throws IOException, InterruptedException {
        List<String> lines = script(runDir, "up", Integer.toString(count));
        if (lines.size() != count + 2) {
            throw new AssertionError("up printed " + lines);
        }
        return new LocalCluster(runDir, lines);
    }

    /** The balancer's Streamable HTTP endpoint. */
    public URI http() {
        return http;
    }

    /** The balancer's raw TCP address. */
    public InetSocketAddress tcp() {
        return tcp;
    }

    public synchronized List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    public synchronized Node node(String id) {
        return nodes.get(id);
    }

    /** The run directory: node logs, the rendered haproxy.cfg. */
    public Path runDir() {
        return runDir;
    }

    /** {@code kill -9} of the node's process, as a crash. */
    public void kill(String id) throws InterruptedException {
        ProcessHandle process = ProcessHandle.of(node(id).pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** {@code local-cluster.sh stop id}: SIGTERM, returns once it exited. */
    public void stop(String id) throws IOException, InterruptedException {
        script(runDir, "stop", id);
    }

    /** {@code local-cluster.sh start id}: returns once it is ready again. */
    public void start(String id) throws IOException, InterruptedException {
        record(script(runDir, "start", id).get(0));
    }

    /** One value of the node's Prometheus text: the sum of every sample whose name and labels begin with {@code series}. */
    public double metric(String id, String series) throws IOException, InterruptedException {
        HttpResponse<String> metrics = admin.send(HttpRequest.newBuilder(node(id).admin().resolve("/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith(series)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private synchronized void record(String line) {
        Matcher m = NODE_LINE.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("not a node line: " + line);
        }
        nodes.put(m.group(1), new Node(m.group(1), Long.parseLong(m.group(2)), URI.create(m.group(3))));
    }

    private static List<String> script(Path runDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(TachyonProcess.projectRoot().resolve("deploy/local-cluster.sh").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLUSTER_DIR", runDir.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Files.createDirectories(runDir);
        Path errors = runDir.resolve("script.err");
        long errorsBefore = Files.exists(errors) ? Files.size(errors) : 0;
        builder.redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            // What this run of the script said comes first: CI reports keep only a message's start.
            throw new AssertionError("local-cluster.sh " + String.join(" ", args) + " failed: "
                    + lastLines(errors, errorsBefore, 12) + "\n(all of it: " + errors + ")\nstdout: " + out);
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The last {@code count} lines written to {@code file} after its first {@code from} bytes. */
    private static String lastLines(Path file, long from, int count) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<String> lines = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** {@code local-cluster.sh down}: stops what is left, also after a kill. */
    @Override
    public void close() throws IOException {
        try {
            script(runDir, "down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the cluster", e);
        }
    }
}
