package dev.tachyon.server.engine;

import dev.tachyon.codec.McpMethod;
import java.util.Map;

/**
 * What the engine tells operations code (metrics, traces) about its work: sessions opening
 * and closing, messages in and out, requests starting and ending.
 *
 * <p>Every call is made on the hot path, on the session's executor (an event loop), so an
 * implementation must be quick, must not block and must not throw. Every method does nothing
 * by default; {@link #NONE}, the engine's observer until one is installed, costs a virtual
 * call per event and nothing more.
 *
 * <p>Each request that {@link #requestStarted starts} is {@link #requestEnded ended} exactly
 * once, when it is answered or cancelled. Messages refused before they become a request
 * (unreadable JSON, an unknown method, params that are not an object) are reported through
 * {@link #rejected} instead and never start.
 */
public interface EngineObserver {

    /** Observes nothing. */
    EngineObserver NONE = new EngineObserver() {
    };

    /** A session opened; {@link McpSession#transport()} says on which transport. */
    default void sessionOpened(McpSession session) {
    }

    /** A session ended (once per opened session). */
    default void sessionClosed(McpSession session) {
    }

    /** A message of {@code bytes} (without framing) arrived: a request, notification or response, valid or not. */
    default void received(int bytes) {
    }

    /** A message of {@code bytes} (without framing) was handed to the transport. */
    default void sent(int bytes) {
    }

    /**
     * A valid request is about to be dispatched.
     *
     * @param id     the request id's JSON text, as bytes; do not modify
     * @param params the decoded params (empty when absent); do not modify
     * @return an observation handed back to {@link #requestEnded} and {@link #traceId}; may be null
     */
    default Object requestStarted(McpSession session, McpMethod method, byte[] id, Map<String, Object> params) {
        return null;
    }

    /**
     * A started request ended.
     *
     * @param nanos     time from the request being read (validated, decoded) to its answer or cancellation
     * @param errorCode the JSON-RPC error code it was answered with; 0 for a result
     * @param cancelled whether it was cancelled and so never answered
     */
    default void requestEnded(McpSession session, McpMethod method, Object observation, long nanos, int errorCode,
            boolean cancelled) {
    }

    /**
     * A message was answered with an error without becoming a request.
     *
     * @param method the method, {@link McpMethod#UNKNOWN} for a name the server does not know, or
     *               null when the message could not be read as a request at all
     */
    default void rejected(McpSession session, McpMethod method, int errorCode) {
    }

    /**
     * A response was not written because it would have been larger than
     * {@code limits.max-response-bytes}; the client got an error in its place.
     *
     * @param reason why ({@code "response-too-large"})
     */
    default void responseRefused(McpSession session, McpMethod method, String reason) {
    }

    /** The trace id an observation belongs to, for log lines about its request; null when untraced. */
    default String traceId(Object observation) {
        return null;
    }
}
