package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.api.LogLevel;
import dev.tachyon.api.McpException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code initialize} with version negotiation and {@code logging/setLevel} (stateful
 * revisions), and {@code server/discover} (the stateless revision, where every request says
 * its version and nothing is negotiated).
 */
final class Lifecycle {

    /** Revisions this server speaks over sessions, newest first. */
    static final List<String> SUPPORTED_VERSIONS = List.of("2025-11-25", "2025-06-18");

    /**
     * The same in every revision: subscriptions are {@code resources/subscribe} in the stateful
     * ones and {@code subscriptions/listen} filters in the stateless one. Left open: the
     * stateless revision adds its extensions before the closing brace.
     */
    private static final String CAPABILITIES = ",\"capabilities\":{\"logging\":{},\"completions\":{},"
            + "\"prompts\":{\"listChanged\":true},"
            + "\"resources\":{\"subscribe\":true,\"listChanged\":true},"
            + "\"tools\":{\"listChanged\":true}";

    /**
     * The experimental tasks of 2025-11-25, declared to sessions of that revision only: list,
     * cancel and task-augmented {@code tools/call}.
     */
    private static final String SESSION_TASKS =
            ",\"tasks\":{\"list\":{},\"cancel\":{},\"requests\":{\"tools\":{\"call\":{}}}}";

    /** The tasks extension, which only the stateless revision negotiates (per request). */
    private static final String TASKS_EXTENSION = "\"" + TaskMethods.EXTENSION + "\":{}";

    /**
     * The skills extension (SEP-2640) with {@code resources/directory/read}, its settings inline
     * under its identifier as SEP-2133 has them; declared in every revision while there are skills.
     */
    private static final String SKILLS_EXTENSION = "\"io.modelcontextprotocol/skills\":{\"directoryRead\":true}";

    private final EngineSettings settings;
    private final Catalogs catalogs;

    Lifecycle(EngineSettings settings, Catalogs catalogs) {
        this.settings = settings;
        this.catalogs = catalogs;
    }

    void initialize(Request request) {
        McpSession session = request.session;
        if (session.state != McpSession.NEW) {
            throw new McpException(ErrorCodes.INVALID_REQUEST, "Session already initialized", null);
        }
        String requested = Params.requireString(request.params(), "protocolVersion");
        Map<String, Object> capabilities = Params.optionalObject(request.params(), "capabilities");
        Map<String, Object> clientInfo = Params.optionalObject(request.params(), "clientInfo");
        // Echo a version we speak; otherwise offer our newest and let the client decide.
        String version = SUPPORTED_VERSIONS.contains(requested) ? requested : SUPPORTED_VERSIONS.get(0);
        session.protocolVersion = version;
        session.clientCapabilities = compact(capabilities);
        session.clientInfo = compact(clientInfo);
        session.state = McpSession.INITIALIZED;
        request.result(out -> {
            JsonOut.ascii(out, "{\"protocolVersion\":");
            JsonOut.string(out, version);
            JsonOut.ascii(out, capabilities(false, SessionTaskMethods.VERSION.equals(version)));
            JsonOut.ascii(out, ",\"serverInfo\":");
            writeServerInfo(out);
            out.writeByte('}');
        });
    }

    /** A map kept for the session's life, in its smallest form: an immutable copy (order does not matter here). */
    private static Map<String, Object> compact(Map<String, Object> map) {
        if (map == null || map.isEmpty()) {
            return Collections.emptyMap();
        }
        return map.containsValue(null) ? Collections.unmodifiableMap(map) : Map.copyOf(map);
    }

    /**
     * {@code server/discover}: the versions served, the capabilities, and who the server is
     * (in {@code _meta}, where the revision puts it); the engine adds {@code resultType} and
     * the caching hints.
     */
    void discover(Request request) {
        request.result(out -> {
            JsonOut.ascii(out, "{\"supportedVersions\":");
            JsonOut.value(out, StatelessRules.SUPPORTED_VERSIONS);
            JsonOut.ascii(out, capabilities(true, false));
            JsonOut.ascii(out, ",\"_meta\":{\"io.modelcontextprotocol/serverInfo\":");
            writeServerInfo(out);
            JsonOut.ascii(out, "}}");
        });
    }

    /**
     * The capabilities, closed: the skills extension while there are skills to serve, and in the
     * stateless revision ({@code server/discover}) the tasks extension; {@code sessionTasks}: the
     * 2025-11-25 {@code tasks} capability.
     */
    private String capabilities(boolean stateless, boolean sessionTasks) {
        boolean skills = !catalogs.skills().isEmpty();
        String common = sessionTasks ? CAPABILITIES + SESSION_TASKS : CAPABILITIES;
        if (!skills && !stateless) {
            return common + "}";
        }
        StringBuilder caps = new StringBuilder(common).append(",\"extensions\":{");
        if (stateless) {
            caps.append(TASKS_EXTENSION);
        }
        if (skills) {
            caps.append(stateless ? "," : "").append(SKILLS_EXTENSION);
        }
        return caps.append("}}").toString();
    }

    private void writeServerInfo(io.netty.buffer.ByteBuf out) {
        JsonOut.ascii(out, "{\"name\":");
        JsonOut.string(out, settings.serverName());
        JsonOut.ascii(out, ",\"version\":");
        JsonOut.string(out, settings.serverVersion());
        out.writeByte('}');
    }

    void setLevel(Request request) {
        String name = Params.requireString(request.params(), "level");
        LogLevel level = LogLevel.fromWire(name);
        if (level == null) {
            throw McpException.invalidParams("unknown log level '" + name
                    + "'; expected one of debug, info, notice, warning, error, critical, alert, emergency");
        }
        request.session.logLevel = level;
        request.emptyResult();
    }
}
