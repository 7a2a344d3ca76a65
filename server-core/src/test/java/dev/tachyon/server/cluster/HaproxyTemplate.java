package dev.tachyon.server.cluster;

import dev.tachyon.server.testing.TachyonProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code deploy/haproxy/haproxy.cfg} filled in the way {@code deploy/local-cluster.sh} fills it:
 * each line holding {@code @NODE@} once per node, the balancer's addresses for
 * {@code @HTTP_BIND@} and {@code @TCP_BIND@}.
 */
final class HaproxyTemplate {

    /** One instance as the template names it: node id, listeners (host:port) and admin port. */
    record Instance(String node, String http, String tcp, int adminPort) {
    }

    private HaproxyTemplate() {
    }

    static Path template() {
        return TachyonProcess.projectRoot().resolve("deploy/haproxy/haproxy.cfg");
    }

    static String render(String httpBind, String tcpBind, List<Instance> instances) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(template())) {
            line = line.replace("@HTTP_BIND@", httpBind).replace("@TCP_BIND@", tcpBind);
            if (!line.contains("@NODE@")) {
                out.append(line).append('\n');
                continue;
            }
            for (Instance instance : instances) {
                out.append(line.replace("@NODE@", instance.node()).replace("@HTTP@", instance.http())
                        .replace("@TCP@", instance.tcp()).replace("@ADMIN_PORT@", Integer.toString(instance.adminPort())))
                        .append('\n');
            }
        }
        return out.toString();
    }
}
