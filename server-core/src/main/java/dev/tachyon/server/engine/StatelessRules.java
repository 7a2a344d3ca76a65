package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.McpMethod;
import dev.tachyon.api.McpException;
import java.util.List;
import java.util.Map;

/**
 * Admission of a request in the stateless revision (2026-07-28): the checks every request
 * passes before its method runs, in the order the revision gives them, each failing with its own
 * error (the HTTP status in brackets is what Streamable HTTP answers with):
 *
 * <ol>
 *   <li>{@code params._meta} with {@code protocolVersion} and {@code clientCapabilities}:
 *       {@code -32602} [400]</li>
 *   <li>the {@code MCP-Protocol-Version} header present and equal to {@code _meta}'s version
 *       (HTTP only): {@code -32020} [400]</li>
 *   <li>the version served: {@code -32022} with {@code data.supported} and
 *       {@code data.requested} [400]</li>
 *   <li>{@code Mcp-Method} equal to the method (HTTP only): {@code -32020} [400]</li>
 *   <li>a method of this revision; {@code initialize}, {@code ping}, {@code logging/setLevel}
 *       and {@code resources/(un)subscribe} are gone: {@code -32601} [404]</li>
 *   <li>{@code Mcp-Name} and {@code Mcp-Param-*} equal to the body (HTTP only): {@code -32020}
 *       [400]</li>
 * </ol>
 * A client capability the request turns out to need is checked later, by the method
 * ({@code -32021} [400]).
 */
final class StatelessRules {

    /** The stateless revision. */
    static final String VERSION = "2026-07-28";

    /**
     * What {@code server/discover} and {@code -32022} list: this revision, then the stateful ones
     * a client reaches with {@code initialize}.
     */
    static final List<String> SUPPORTED_VERSIONS = List.of(VERSION, "2025-11-25", "2025-06-18");

    private StatelessRules() {
    }

    /**
     * Checks a request; returns its {@code _meta}.
     *
     * @param headers the transport's request metadata, or null where it has none
     * @throws McpException the first rule the request breaks
     */
    static RequestMeta admit(McpMethod method, String methodName, Map<String, Object> params, MessageHeaders headers,
            Catalogs catalogs) {
        RequestMeta meta = RequestMeta.parse(params);
        if (headers != null) {
            String header = headers.protocolVersion();
            if (header == null) {
                throw HeaderMirror.mismatch("the MCP-Protocol-Version header is required");
            }
            if (!header.equals(meta.protocolVersion())) {
                throw HeaderMirror.mismatch("MCP-Protocol-Version header '" + header + "' does not match _meta's "
                        + RequestMeta.PROTOCOL_VERSION + " '" + meta.protocolVersion() + "'");
            }
        }
        if (!VERSION.equals(meta.protocolVersion())) {
            throw new McpException(ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version",
                    Map.of("supported", SUPPORTED_VERSIONS, "requested", meta.protocolVersion()));
        }
        if (headers != null) {
            HeaderMirror.checkMethod(headers, methodName);
        }
        if (!served(method)) {
            throw new McpException(ErrorCodes.METHOD_NOT_FOUND, "Method not found", Map.of("method", methodName));
        }
        if (headers != null) {
            HeaderMirror.checkNameAndParams(headers, method, params, catalogs);
        }
        return meta;
    }

    /** Whether the stateless revision has {@code method}. */
    static boolean served(McpMethod method) {
        switch (method) {
            case SERVER_DISCOVER:
            case SUBSCRIPTIONS_LISTEN:
            case TOOLS_LIST:
            case TOOLS_CALL:
            case RESOURCES_LIST:
            case RESOURCES_TEMPLATES_LIST:
            case RESOURCES_READ:
            case PROMPTS_LIST:
            case PROMPTS_GET:
            case COMPLETION_COMPLETE:
            case TASKS_GET:
            case TASKS_UPDATE:
            case TASKS_CANCEL:
            case SKILLS_LIST:
            case SKILLS_GET:
            case RESOURCES_DIRECTORY_READ:
                return true;
            default:
                return false;
        }
    }
}
