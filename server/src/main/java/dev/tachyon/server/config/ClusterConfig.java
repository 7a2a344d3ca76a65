package dev.tachyon.server.config;

import java.util.regex.Pattern;

/**
 * {@code tachyon.cluster}: this instance among identical ones behind a balancer.
 *
 * @param nodeId this instance's name, {@code [a-z0-9-]{1,32}}, or {@code ""} for a single
 *               instance; when set, every 2025-11-25 session id starts with it and a dot, so a
 *               balancer routes a session's requests on the text before the first dot
 */
public record ClusterConfig(String nodeId) {

    /** What a node id may be: short, and nothing a balancer or a header would have to escape. */
    public static final Pattern NODE_ID = Pattern.compile("[a-z0-9-]{1,32}");

    /** Whether this instance is one of several (a node id is set). */
    public boolean clustered() {
        return !nodeId.isEmpty();
    }
}
