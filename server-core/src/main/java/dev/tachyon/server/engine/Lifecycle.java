package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.server.LogLevel;
import dev.tachyon.server.McpException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** {@code initialize} with version negotiation, and {@code logging/setLevel}. */
final class Lifecycle {

    /** Revisions this server speaks over sessions, newest first. */
    static final List<String> SUPPORTED_VERSIONS = List.of("2025-11-25", "2025-06-18");

    private final EngineSettings settings;

    Lifecycle(EngineSettings settings) {
        this.settings = settings;
    }

    void initialize(Request request) {
        McpSession session = request.session;
        if (session.state != McpSession.NEW) {
            throw new McpException(ErrorCodes.INVALID_REQUEST, "Session already initialized", null);
        }
        String requested = Params.requireString(request.params, "protocolVersion");
        Map<String, Object> capabilities = Params.optionalObject(request.params, "capabilities");
        Map<String, Object> clientInfo = Params.optionalObject(request.params, "clientInfo");
        // Echo a version we speak; otherwise offer our newest and let the client decide.
        String version = SUPPORTED_VERSIONS.contains(requested) ? requested : SUPPORTED_VERSIONS.get(0);
        session.protocolVersion = version;
        session.clientCapabilities = capabilities == null ? Collections.emptyMap() : capabilities;
        session.clientInfo = clientInfo == null ? Collections.emptyMap() : clientInfo;
        session.state = McpSession.INITIALIZED;
        request.result(out -> {
            JsonOut.ascii(out, "{\"protocolVersion\":");
            JsonOut.string(out, version);
            JsonOut.ascii(out, ",\"capabilities\":{\"logging\":{},\"completions\":{},"
                    + "\"prompts\":{\"listChanged\":true},"
                    + "\"resources\":{\"subscribe\":true,\"listChanged\":true},"
                    + "\"tools\":{\"listChanged\":true}}");
            JsonOut.ascii(out, ",\"serverInfo\":{\"name\":");
            JsonOut.string(out, settings.serverName());
            JsonOut.ascii(out, ",\"version\":");
            JsonOut.string(out, settings.serverVersion());
            JsonOut.ascii(out, "}}");
        });
    }

    void setLevel(Request request) {
        String name = Params.requireString(request.params, "level");
        LogLevel level = LogLevel.fromWire(name);
        if (level == null) {
            throw McpException.invalidParams("unknown log level '" + name
                    + "'; expected one of debug, info, notice, warning, error, critical, alert, emergency");
        }
        request.session.logLevel = level;
        request.emptyResult();
    }
}
