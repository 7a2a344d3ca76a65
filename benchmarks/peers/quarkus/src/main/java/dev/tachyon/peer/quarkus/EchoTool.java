package dev.tachyon.peer.quarkus;

import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The one tool of the peer: Tachyon's demo {@code echo} (same name, argument and text result).
 * It runs on the event loop ({@code @NonBlocking}), as Tachyon's runs inline: without it Quarkus
 * takes a plain method as blocking and hands every call to a worker thread and back.
 */
public final class EchoTool {

    @NonBlocking
    @Tool(name = "echo", description = "Returns the text it is given")
    String echo(@ToolArg(description = "The text to return") String text) {
        return text;
    }
}
