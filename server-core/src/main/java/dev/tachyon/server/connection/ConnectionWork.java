package dev.tachyon.server.connection;

/**
 * Whether a connection has work under way that its idle timeout must wait for, as its
 * transport sees it (TCP: requests in flight or a listen stream; HTTP: a request being read or
 * answered, or none received yet, which is the header timeout's business). Asked on the
 * connection's event loop when its idle timer fires.
 */
@FunctionalInterface
public interface ConnectionWork {

    /** A connection that never has work of its own: only traffic keeps it open. */
    ConnectionWork NONE = () -> false;

    /** Whether the connection is busy, so not idle however quiet its socket. */
    boolean busy();
}
