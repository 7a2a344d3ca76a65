package dev.tachyon.server.ndjson;

/**
 * Sent down a session's pipeline when the client has no more input (stdin closed): the session
 * answers what it accepted, then closes. TCP half-close has the same effect through Netty's
 * {@code ChannelInputShutdownEvent}.
 */
public final class InputEnded {

    /** The only instance. */
    public static final InputEnded INSTANCE = new InputEnded();

    private InputEnded() {
    }
}
