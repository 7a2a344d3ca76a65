package dev.tachyon.server.cluster;

import dev.tachyon.server.testing.TachyonProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code deploy/haproxy/haproxy.cfg} filled in by {@code deploy/local-cluster.sh render}, the
 * same code that {@code up} fills it with.
 */
final class HaproxyTemplate {

    /** One instance as the template names it: node id, listeners (host:port) and admin port. */
    record Instance(String node, String http, String tcp, int adminPort) {
    }

    private HaproxyTemplate() {
    }

    static String render(String httpBind, String tcpBind, List<Instance> instances) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                TachyonProcess.projectRoot().resolve("deploy/local-cluster.sh").toString(), "render", httpBind, tcpBind));
        for (Instance i : instances) {
            command.add(i.node() + "=" + i.http() + "," + i.tcp() + "," + i.adminPort());
        }
        Process render = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String config = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!render.waitFor(30, TimeUnit.SECONDS) || render.exitValue() != 0) {
            throw new AssertionError("local-cluster.sh render failed: " + command);
        }
        return config;
    }
}
