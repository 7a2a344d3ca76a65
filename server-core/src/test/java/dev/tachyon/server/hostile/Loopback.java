package dev.tachyon.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.server.TachyonServer;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses and waits the hostile tests share: other loopback addresses to stand for other
 * clients (Linux routes all of 127.0.0.0/8 to loopback, so per-address limits can tell an
 * attacker from a well-behaved client on one machine), and waiting for the server's count of
 * open connections.
 */
final class Loopback {

    private Loopback() {
    }

    /** {@code 127.0.0.last}. */
    static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits up to {@code millis} until {@code server}'s gates have decided on {@code decided}
     * connections since start: a client's connect returns once the kernel has queued the
     * connection, long before the server accepts it, so counting open connections alone can
     * see a quiet moment while connections already closed by the client still wait to be
     * accepted (and, once accepted, take places for an instant).
     */
    static void awaitDecided(TachyonServer server, long decided, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (server.connections().decided() < decided && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(decided, server.connections().decided(), "connections the server has accepted and decided on");
    }

    /** Waits up to {@code millis} for {@code server} to count {@code expected} open connections, then asserts it does. */
    static void awaitOpen(TachyonServer server, int expected, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (server.connections().open() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, server.connections().open(), "connections open");
    }
}
