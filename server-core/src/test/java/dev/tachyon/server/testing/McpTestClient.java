package dev.tachyon.server.testing;

import java.util.List;
import java.util.Map;

/**
 * What a test needs of an MCP client, the same over every transport: NDJSON over a socket or
 * over stdio ({@link NdjsonClient}), Streamable HTTP with a session ({@link HttpSessionClient})
 * and the stateless revision over HTTP ({@link StatelessHttpClient}). The contract suite is
 * written against this, so one assertion holds on every transport.
 *
 * <p>Requests and params are JSON text, answers decoded with {@link TestJson#read}. A client
 * returned by a suite's factory is ready for requests: a stateful one has completed the
 * {@code initialize} handshake, a stateless one adds the per-request {@code _meta} itself.
 */
public interface McpTestClient extends AutoCloseable {

    /** The protocol revision {@link #initialize(String)} asks for. */
    String PROTOCOL_VERSION = "2025-11-25";

    /** Answers a request the server sent to the client. */
    @FunctionalInterface
    interface ServerRequestHandler {

        /**
         * @param method e.g. {@code "sampling/createMessage"}
         * @param params the decoded params (empty when absent)
         * @return the result: any value {@link TestJson#write} takes, typically a {@code Map}
         *     or {@code RawJson}
         * @throws ErrorReply to answer with that JSON-RPC error (any other exception answers
         *     {@code -32603})
         */
        Object handle(String method, Map<String, Object> params) throws Exception;
    }

    /** Thrown by a {@link ServerRequestHandler} to answer with a JSON-RPC error. */
    final class ErrorReply extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        public ErrorReply(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Answers every server request with {@code -32601}, as a client without those capabilities would. */
    ServerRequestHandler METHOD_NOT_FOUND = (method, params) -> {
        throw new ErrorReply(-32601, "Method not found: " + method);
    };

    /**
     * Sends a request and waits for its response.
     *
     * @param paramsJson the params as JSON text, or null to send none
     * @return the whole response message ({@code jsonrpc}, {@code id}, and {@code result} or {@code error})
     */
    Map<String, Object> request(String method, String paramsJson);

    /** Sends a notification. */
    void notify(String method, String paramsJson);

    /** Sets how server requests are answered (default {@link #METHOD_NOT_FOUND}); returns this. */
    McpTestClient onServerRequest(ServerRequestHandler handler);

    /** The notifications with this method received so far, in arrival order (whole messages). */
    List<Map<String, Object>> notifications(String method);

    /**
     * The handshake of a stream transport (a fresh NDJSON or in-memory session): {@code initialize}
     * for {@link #PROTOCOL_VERSION} with these client capabilities (JSON text, e.g.
     * {@code "{\"sampling\":{},\"elicitation\":{}}"}), then {@code notifications/initialized}.
     *
     * @return the initialize result
     */
    default Map<String, Object> initialize(String capabilitiesJson) {
        return initialize(PROTOCOL_VERSION, capabilitiesJson);
    }

    /** The handshake asking for {@code protocolVersion}; returns the initialize result. */
    default Map<String, Object> initialize(String protocolVersion, String capabilitiesJson) {
        Map<String, Object> result = result("initialize", initializeParams(protocolVersion, capabilitiesJson, "test-client"));
        notify("notifications/initialized", null);
        return result;
    }

    /** Sends a request and returns its result; fails the test if the answer is an error. */
    default Map<String, Object> result(String method, String paramsJson) {
        Map<String, Object> response = request(method, paramsJson);
        if (!response.containsKey("result")) {
            throw new AssertionError(method + " answered with an error: " + response);
        }
        return TestJson.map(response.get("result"), method + " result");
    }

    /** Sends a request and returns its error object; fails the test if the answer is a result. */
    default Map<String, Object> error(String method, String paramsJson) {
        Map<String, Object> response = request(method, paramsJson);
        if (!response.containsKey("error")) {
            throw new AssertionError(method + " answered with a result, expected an error: " + response);
        }
        return TestJson.map(response.get("error"), method + " error");
    }

    /** Closes the connection (or forgets the session); never throws. */
    @Override
    void close();

    /** The params of {@code initialize} asking for {@code protocolVersion} with these capabilities (JSON text). */
    static String initializeParams(String protocolVersion, String capabilitiesJson, String clientName) {
        return "{\"protocolVersion\":" + TestJson.write(protocolVersion) + ",\"capabilities\":" + capabilitiesJson
                + ",\"clientInfo\":{\"name\":" + TestJson.write(clientName) + ",\"version\":\"1.0.0\"}}";
    }

    /** A request ({@code id} not null) or notification as JSON text; {@code paramsJson} null sends no params. */
    static String message(Long id, String method, String paramsJson) {
        StringBuilder s = new StringBuilder("{\"jsonrpc\":\"2.0\"");
        if (id != null) {
            s.append(",\"id\":").append(id);
        }
        s.append(",\"method\":").append(TestJson.write(method));
        if (paramsJson != null) {
            s.append(",\"params\":").append(paramsJson);
        }
        return s.append('}').toString();
    }

    /**
     * The JSON-RPC response text that {@code handler} gives to {@code request} (a server-to-client
     * request): its result, its {@link ErrorReply}, or {@code -32603} for any other failure.
     */
    static String answer(ServerRequestHandler handler, Map<String, Object> request) {
        Object params = request.get("params");
        StringBuilder reply = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":").append(TestJson.write(request.get("id")));
        try {
            Object result = handler.handle(String.valueOf(request.get("method")),
                    params instanceof Map ? TestJson.map(params, "params") : Map.of());
            reply.append(",\"result\":").append(TestJson.write(result)).append('}');
        } catch (ErrorReply e) {
            reply.append(",\"error\":{\"code\":").append(e.code()).append(",\"message\":")
                    .append(TestJson.write(String.valueOf(e.getMessage()))).append("}}");
        } catch (Exception e) {
            reply.append(",\"error\":{\"code\":-32603,\"message\":").append(TestJson.write(String.valueOf(e))).append("}}");
        }
        return reply.toString();
    }
}
