package dev.tachyon.archfixture.pong;

import dev.tachyon.archfixture.ping.Ping;

/** The other half of the deliberate package cycle ArchitectureTest must report. */
public final class Pong {

    private Pong() {
    }

    /** Depends back on ping. */
    public static int serve() {
        return Ping.base();
    }
}
