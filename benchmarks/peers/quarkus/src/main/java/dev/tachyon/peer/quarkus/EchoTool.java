package dev.tachyon.peer.quarkus;

import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;

/** The one tool of the peer: Tachyon's demo {@code echo} (same name, argument and text result). */
public final class EchoTool {

    @Tool(name = "echo", description = "Returns the text it is given")
    String echo(@ToolArg(description = "The text to return") String text) {
        return text;
    }
}
