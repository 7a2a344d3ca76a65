package dev.tachyon.server.testing;

/**
 * Params of stateless (2026-07-28) requests as JSON text, for tests that read like the wire:
 * {@code StatelessMeta.params("\"name\":\"echo\"")} is the members given plus the {@code _meta}
 * every such request carries.
 */
public final class StatelessMeta {

    public static final String VERSION = "2026-07-28";
    /** Every capability a client may declare. */
    public static final String ALL_CAPABILITIES = "{\"sampling\":{},\"elicitation\":{},\"roots\":{}}";

    private StatelessMeta() {
    }

    /** The {@code _meta} object: this version, these capabilities (JSON text), a client name. */
    public static String meta(String capabilitiesJson) {
        return "{\"io.modelcontextprotocol/protocolVersion\":\"" + VERSION + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":" + capabilitiesJson + ","
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"stateless-test\",\"version\":\"1\"}}";
    }

    /** {@code params(members)} with the log level {@code level} asked for in {@code _meta}. */
    public static String withLogLevel(String members, String level) {
        return params(members).replace("\"_meta\":{", "\"_meta\":{\"io.modelcontextprotocol/logLevel\":\"" + level + "\",");
    }

    /** {@code {<members>, "_meta": <meta with no capabilities>}}; members may be empty. */
    public static String params(String members) {
        return params(members, "{}");
    }

    /** {@code {<members>, "_meta": <meta with these capabilities>}}. */
    public static String params(String members, String capabilitiesJson) {
        return "{" + (members.isEmpty() ? "" : members + ",") + "\"_meta\":" + meta(capabilitiesJson) + "}";
    }
}
