package dev.tachyon.archfixture.ping;

import dev.tachyon.archfixture.pong.Pong;

/** Half of a deliberate package cycle (ping -> pong -> ping) that ArchitectureTest must report. */
public final class Ping {

    private Ping() {
    }

    /** Depends on pong. */
    public static int answer() {
        return Pong.serve() + 1;
    }

    /** Called from pong: closes the cycle. */
    public static int base() {
        return 1;
    }
}
