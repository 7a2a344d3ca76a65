package dev.tachyon.examples.embedded;

import dev.tachyon.api.Content;
import dev.tachyon.api.Dispatch;
import dev.tachyon.api.Prompt;
import dev.tachyon.api.PromptMessage;
import dev.tachyon.api.PromptResult;
import dev.tachyon.api.Resource;
import dev.tachyon.api.Tool;
import dev.tachyon.server.TachyonServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that embeds Tachyon: one tool, one resource and one prompt, served over TCP
 * (newline-delimited JSON-RPC) and Streamable HTTP. Its logs, Tachyon's included, go to the
 * application's own SLF4J backend (slf4j-simple here).
 *
 * <pre>
 *   java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp ... \
 *        dev.tachyon.examples.embedded.EmbeddedServer [tcpPort] [httpPort]
 * </pre>
 */
public final class EmbeddedServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    private EmbeddedServer() {
    }

    /** The server this application serves, bound to {@code host} (port 0 picks a free port). */
    public static TachyonServer start(String host, int tcpPort, int httpPort) throws InterruptedException {
        Tool greet = Tool.builder("greet")
                .description("Greets someone by name")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
                        + "\"required\":[\"name\"]}")
                // Inline: runs on the connection's event loop, so it must not block.
                .inline((call, result) -> result.text("Hello, " + call.arguments().string("name") + "!"))
                .build();
        Resource motd = Resource.builder("example://motd", "motd")
                .description("The message of the day")
                .mimeType("text/plain")
                .text("Embedded Tachyon says hi.")
                .build();
        Prompt haiku = Prompt.builder("haiku")
                .description("Asks for a haiku on a topic")
                .argument("topic", "what the haiku is about", true)
                .handler(Dispatch.INLINE, args -> PromptResult.of(
                        PromptMessage.user(Content.text("Write a haiku about " + args.string("topic") + "."))))
                .build();
        TachyonServer server = TachyonServer.builder()
                .tcp(host, tcpPort)
                .http(host, httpPort)
                .tool(greet)
                .resource(motd)
                .prompt(haiku)
                .build()
                .start();
        LOG.info("serving MCP on tcp {} and http {}", server.tcpAddress(), server.httpAddress());
        return server;
    }

    public static void main(String[] args) throws InterruptedException {
        int tcpPort = args.length > 0 ? Integer.parseInt(args[0]) : 7800;
        int httpPort = args.length > 1 ? Integer.parseInt(args[1]) : 7801;
        TachyonServer server = start("127.0.0.1", tcpPort, httpPort);
        // On Ctrl-C or SIGTERM: answer what is in flight, then close (drain() also waits out the ready delay).
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        server.awaitClose();
    }
}
