package dev.tachyon.codec;

/**
 * JSON-RPC 2.0 and MCP error codes used on the wire.
 *
 * <p>The -32000..-32099 range is reserved by JSON-RPC for implementation-defined server
 * errors; Tachyon's own codes sit there for the 2025 revisions, as clients of those revisions
 * expect. MCP 2026-07-28 reserves that range to the specification itself, so a request served
 * by that revision gets Tachyon's codes moved out of it by {@link #forStatelessRevision}: the
 * same last digits in Tachyon's block -31000..-31099 ({@code -32001} becomes {@code -31001}).
 * The README's error table lists the codes of every revision side by side.
 */
public final class ErrorCodes {

    /** Invalid JSON was received: the line is not RFC 8259 JSON. Always answered with {@code id: null}. */
    public static final int PARSE_ERROR = -32700;
    /** The JSON is not a valid JSON-RPC 2.0 request (wrong shape, wrong member types, batch). */
    public static final int INVALID_REQUEST = -32600;
    /** The method does not exist or is not available in this state. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Invalid method parameters. */
    public static final int INVALID_PARAMS = -32602;
    /** Internal error: a handler failed. */
    public static final int INTERNAL_ERROR = -32603;
    /** MCP: the requested resource does not exist (2025-11-25; {@code data.uri} names it). */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** MCP 2026-07-28: HTTP headers disagree with the body, or a required header is missing or malformed. */
    public static final int HEADER_MISMATCH = -32020;
    /** MCP 2026-07-28: the request needs a client capability it did not declare ({@code data.requiredCapabilities}). */
    public static final int MISSING_CLIENT_CAPABILITY = -32021;
    /** MCP 2026-07-28: the request's protocol version is not served ({@code data.supported}, {@code data.requested}). */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    /** Tachyon: a request was sent before {@code initialize} completed on this session. */
    public static final int NOT_INITIALIZED = -32000;
    /** Tachyon: the server is overloaded or a limit was reached; {@code data} says which and when to retry. */
    public static final int OVERLOADED = -32001;
    /** Tachyon: a server-to-client request timed out or the client answered it with an error. */
    public static final int CLIENT_REQUEST_FAILED = -32003;
    /** Tachyon: the request ran past its deadline. */
    public static final int REQUEST_TIMEOUT = -32004;
    /** Tachyon: the server is shutting down and accepts no new requests. */
    public static final int SHUTTING_DOWN = -32005;
    /** Tachyon: the tool's circuit breaker is open after repeated failures; {@code data.retryAfterMs} says when to try again. */
    public static final int TOOL_UNAVAILABLE = -32006;

    /** Tachyon: a per-client rate limit refused the request; {@code data} says which ({@code reason}, {@code limit}, {@code retryAfterMs}). */
    public static final int RATE_LIMITED = -32007;

    /** How far {@link #forStatelessRevision} moves Tachyon's codes: -320xx becomes -310xx. */
    public static final int STATELESS_REVISION_SHIFT = 1000;

    /**
     * The code a request served by the stateless revision (2026-07-28) is answered with for
     * {@code code}: Tachyon's own codes ({@link #NOT_INITIALIZED}, {@link #OVERLOADED},
     * {@link #CLIENT_REQUEST_FAILED}, {@link #REQUEST_TIMEOUT}, {@link #SHUTTING_DOWN},
     * {@link #TOOL_UNAVAILABLE}, {@link #RATE_LIMITED}) move to -31000..-31099, outside
     * JSON-RPC's -32768..-32000; every other code (JSON-RPC's, the specification's such as
     * {@link #RESOURCE_NOT_FOUND} or {@link #HEADER_MISMATCH}, and whatever a handler chose) is
     * returned as is.
     */
    public static int forStatelessRevision(int code) {
        switch (code) {
            case NOT_INITIALIZED:
            case OVERLOADED:
            case CLIENT_REQUEST_FAILED:
            case REQUEST_TIMEOUT:
            case SHUTTING_DOWN:
            case TOOL_UNAVAILABLE:
            case RATE_LIMITED:
                return code + STATELESS_REVISION_SHIFT;
            default:
                return code;
        }
    }

    private ErrorCodes() {
    }
}
