package dev.tachyon.server.cluster;

import dev.tachyon.server.testing.TachyonProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Which parts of the cluster contract (issue 13) the server under test implements, read from its
 * built-in defaults ({@code reference.conf}): the assertions that need one say so through these,
 * and are made as soon as the server has it.
 */
final class ClusterContract {

    private static final String REFERENCE = read();

    private ClusterContract() {
    }

    /** {@code tachyon.cluster.node-id}: session ids are {@code <node-id>.<22 chars>}, so the balancer routes on the prefix. */
    static boolean nodeIdPrefix() {
        return REFERENCE.contains("node-id");
    }

    /** {@code tachyon.shutdown.ready-delay}: on SIGTERM /ready answers 503 while the instance still serves, so a drain loses nothing. */
    static boolean readyDelay() {
        return REFERENCE.contains("ready-delay");
    }

    private static String read() {
        try {
            return Files.readString(TachyonProcess.projectRoot().resolve("server/src/main/resources/reference.conf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
