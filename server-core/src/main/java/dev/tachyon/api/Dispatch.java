package dev.tachyon.api;

/** Where a handler runs. */
public enum Dispatch {
    /** On the connection's event loop; the handler must not block. */
    INLINE,
    /** On the worker pool; the handler may block. */
    BLOCKING
}
