package dev.tachyon.api;

import java.util.Map;

/**
 * One {@code tools/call} as seen by a handler: its arguments, and the ways back to the client
 * while it runs.
 *
 * <p>{@link #progress}, {@link #log} may be called from any thread. {@link #sample},
 * {@link #elicit} and {@link #listRoots} wait for the client and so are only allowed in
 * {@link BlockingToolHandler}s; each throws {@link McpException} when the client did not declare
 * the capability, answered with an error, or did not answer within the configured timeout.
 * They exist only in the stateful revisions, where the server may send the client requests;
 * a handler that should work in the stateless revision (2026-07-28) too asks through
 * {@link ToolResult#inputRequired} instead, which works in every revision.
 */
public interface ToolCall extends InputContext {

    /** The tool's name. */
    String name();

    /** The call's arguments (empty when the client sent none). */
    Arguments arguments();

    /** The client's declared capabilities, e.g. {@code {"sampling":{},"elicitation":{}}}; per request when stateless. */
    @Override
    Map<String, Object> clientCapabilities();

    /** Sends {@code notifications/progress} if the client asked for progress; otherwise does nothing. */
    void progress(double progress, Double total, String message);

    /** Sends {@code notifications/message} if {@code level} passes the session's log level. */
    void log(LogLevel level, String logger, Object data);

    /** Asks the client to sample its model ({@code sampling/createMessage}); returns the result object. */
    Map<String, Object> sample(Map<String, Object> params) throws InterruptedException;

    /** Asks the user through the client ({@code elicitation/create}); returns the result object. */
    Map<String, Object> elicit(Map<String, Object> params) throws InterruptedException;

    /** Asks the client for its roots ({@code roots/list}); returns the result object. */
    Map<String, Object> listRoots() throws InterruptedException;

    /** The server's catalogs, for a handler that changes them. */
    default ServerCatalog catalog() {
        throw new UnsupportedOperationException("this call has no catalog");
    }

    /** Whether the client cancelled this call. */
    boolean isCancelled();

    /**
     * Asks the transport to drop the connection that carries this call's messages while the
     * call goes on, so that the client reconnects and receives the rest, the result included.
     * Over Streamable HTTP the call's response becomes an SSE stream (if it is not one yet)
     * whose connection ends after a {@code retry} hint; the client resumes it with a GET
     * carrying {@code Last-Event-ID}. Transports that cannot resume (TCP, stdio) ignore it.
     * May be called from any thread; messages sent after it (and the result) follow the
     * disconnect.
     */
    default void disconnect() {
    }
}
