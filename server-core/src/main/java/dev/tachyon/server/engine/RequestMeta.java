package dev.tachyon.server.engine;

import dev.tachyon.api.LogLevel;
import dev.tachyon.api.McpException;
import java.util.Collections;
import java.util.Map;

/**
 * What a 2026-07-28 request says about its client in {@code params._meta}: the protocol
 * version, the capabilities declared for this one request, and optionally who the client is and
 * the log level it wants. There is no session to remember any of it, so every request carries
 * it. Immutable.
 *
 * <pre>
 *   "_meta": {
 *     "io.modelcontextprotocol/protocolVersion": "2026-07-28",        required, a string
 *     "io.modelcontextprotocol/clientCapabilities": {"sampling":{}},   required, an object
 *     "io.modelcontextprotocol/clientInfo": {"name":..,"version":..},  optional, an object
 *     "io.modelcontextprotocol/logLevel": "info"                       optional; absent: no logs
 *   }
 * </pre>
 */
final class RequestMeta {

    static final String PREFIX = "io.modelcontextprotocol/";
    static final String PROTOCOL_VERSION = PREFIX + "protocolVersion";
    static final String CLIENT_CAPABILITIES = PREFIX + "clientCapabilities";
    static final String CLIENT_INFO = PREFIX + "clientInfo";
    static final String LOG_LEVEL = PREFIX + "logLevel";

    private final String protocolVersion;
    private final Map<String, Object> clientCapabilities;
    private final Map<String, Object> clientInfo;
    private final LogLevel logLevel;

    private RequestMeta(String protocolVersion, Map<String, Object> clientCapabilities, Map<String, Object> clientInfo,
            LogLevel logLevel) {
        this.protocolVersion = protocolVersion;
        this.clientCapabilities = clientCapabilities;
        this.clientInfo = clientInfo;
        this.logLevel = logLevel;
    }

    /** The {@code _meta} keys only the stateless revision defines (2025-11-25 has others in the namespace). */
    private static final java.util.Set<String> MODERN_KEYS = java.util.Set.of(PROTOCOL_VERSION, CLIENT_CAPABILITIES,
            CLIENT_INFO, LOG_LEVEL);

    /**
     * Whether a message is shaped for the stateless revision: it names a method only that
     * revision has, or its {@code _meta} holds one of the per-request keys only that revision
     * defines ({@code protocolVersion}, {@code clientCapabilities}, {@code clientInfo},
     * {@code logLevel} under {@code io.modelcontextprotocol/}).
     */
    static boolean isModern(dev.tachyon.codec.McpMethod method, Map<String, Object> params) {
        if (method == dev.tachyon.codec.McpMethod.SERVER_DISCOVER
                || method == dev.tachyon.codec.McpMethod.SUBSCRIPTIONS_LISTEN) {
            return true;
        }
        Object meta = params == null ? null : params.get("_meta");
        if (meta instanceof Map) {
            for (Object key : ((Map<?, ?>) meta).keySet()) {
                if (MODERN_KEYS.contains(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Reads and checks the {@code _meta} of a request's params.
     *
     * @throws McpException {@code -32602} naming what is missing or mistyped
     */
    @SuppressWarnings("unchecked") // JsonValues decodes objects as Map<String, Object>
    static RequestMeta parse(Map<String, Object> params) {
        Object raw = params.get("_meta");
        if (!(raw instanceof Map)) {
            throw McpException.invalidParams(raw == null
                    ? "params._meta is required: it must carry " + PROTOCOL_VERSION + " and " + CLIENT_CAPABILITIES
                    : "params._meta must be an object");
        }
        Map<String, Object> meta = (Map<String, Object>) raw;
        Object version = meta.get(PROTOCOL_VERSION);
        if (!(version instanceof String)) {
            throw McpException.invalidParams(version == null ? "_meta is missing " + PROTOCOL_VERSION
                    : PROTOCOL_VERSION + " must be a string");
        }
        Object capabilities = meta.get(CLIENT_CAPABILITIES);
        if (!(capabilities instanceof Map)) {
            throw McpException.invalidParams(capabilities == null ? "_meta is missing " + CLIENT_CAPABILITIES
                    : CLIENT_CAPABILITIES + " must be an object");
        }
        Object info = meta.get(CLIENT_INFO);
        if (info != null && !(info instanceof Map)) {
            throw McpException.invalidParams(CLIENT_INFO + " must be an object");
        }
        Object level = meta.get(LOG_LEVEL);
        LogLevel logLevel = null;
        if (level != null) {
            logLevel = level instanceof String ? LogLevel.fromWire((String) level) : null;
            if (logLevel == null) {
                throw McpException.invalidParams(LOG_LEVEL + " must be one of debug, info, notice, warning, error,"
                        + " critical, alert, emergency");
            }
        }
        return new RequestMeta((String) version,
                Collections.unmodifiableMap((Map<String, Object>) capabilities),
                info == null ? Collections.emptyMap() : Collections.unmodifiableMap((Map<String, Object>) info),
                logLevel);
    }

    String protocolVersion() {
        return protocolVersion;
    }

    Map<String, Object> clientCapabilities() {
        return clientCapabilities;
    }

    Map<String, Object> clientInfo() {
        return clientInfo;
    }

    /** The least severe level the client wants logged for this request, or null for no logs at all. */
    LogLevel logLevel() {
        return logLevel;
    }

    boolean declares(String capability) {
        return clientCapabilities.get(capability) instanceof Map;
    }
}
