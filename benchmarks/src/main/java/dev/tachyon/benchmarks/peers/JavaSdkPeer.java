package dev.tachyon.benchmarks.peers;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The Java SDK peer of {@code tachyon-bench compare}: the official MCP Java SDK's sync server
 * with its Streamable HTTP servlet transport on embedded Tomcat, serving one {@code echo} tool
 * with the schema and result of Tachyon's demo {@code echo}.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.tachyon.benchmarks.peers.JavaSdkPeer [--host 127.0.0.1] --port P
 *   stderr: "java-sdk peer ready: http://HOST:PORT/mcp"
 * </pre>
 *
 * <p>Settings are the SDK's and Tomcat's defaults, except two: tool calls run on the request
 * thread ({@code immediateExecution}, which the SDK documents for servlet transports: no hop to
 * Reactor's bounded-elastic pool), and Tomcat keeps a connection open for any number of
 * requests (its default closes it after 100, which the load generator would count as a broken
 * connection, and no benchmark would reconnect that often). The SDK's stateful transport has
 * no JSON-response mode: it answers each {@code tools/call} as a one-event SSE stream.
 */
public final class JavaSdkPeer implements AutoCloseable {

    /** What {@code main} prints to stderr once the port is bound. */
    public static final String READY = "java-sdk peer ready: ";

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final Path baseDir;

    private JavaSdkPeer(Tomcat tomcat, McpSyncServer server, Path baseDir) {
        this.tomcat = tomcat;
        this.server = server;
        this.baseDir = baseDir;
    }

    /** Starts on {@code host:port} (port 0: any free port). */
    public static JavaSdkPeer start(String host, int port) throws LifecycleException, IOException {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("tachyon-bench-java-sdk-peer", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .immediateExecution(true)
                .tools(echo())
                .build();
        Path baseDir = Files.createTempDirectory("java-sdk-peer");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        connector.setProperty("maxKeepAliveRequests", "-1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
        servlet.setAsyncSupported(true);
        context.addServletMapping("/*", "mcp");
        JavaSdkPeer peer = new JavaSdkPeer(tomcat, server, baseDir);
        try {
            tomcat.start();
        } catch (LifecycleException | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** {@code echo}: {@code {text}} back as one text item; anything else is an {@code isError} result. */
    static McpServerFeatures.SyncToolSpecification echo() {
        McpSchema.Tool tool = McpSchema.Tool.builder("echo", McpJsonDefaults.getMapper(),
                        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\","
                        + "\"description\":\"The text to return\"}},\"required\":[\"text\"]}")
                .title("Echo")
                .description("Returns the text it is given")
                .annotations(McpSchema.ToolAnnotations.builder().readOnlyHint(true).idempotentHint(true)
                        .openWorldHint(false).build())
                .build();
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> {
                    Map<String, Object> arguments = request.arguments();
                    Object text = arguments == null ? null : arguments.get("text");
                    if (!(text instanceof String)) {
                        return McpSchema.CallToolResult.builder().addTextContent("text: a string is required")
                                .isError(true).build();
                    }
                    return McpSchema.CallToolResult.builder().addTextContent((String) text).build();
                })
                .build();
    }

    /** The port Tomcat bound. */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() {
        server.close();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        } finally {
            deleteTree(baseDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = -1;
        for (int k = 0; k + 1 < args.length; k += 2) {
            switch (args[k]) {
                case "--host": host = args[k + 1]; break;
                case "--port": port = Integer.parseInt(args[k + 1]); break;
                default: port = -2;
            }
        }
        if (port < 0 || args.length % 2 != 0) {
            System.err.println("usage: JavaSdkPeer [--host 127.0.0.1] --port PORT");
            System.exit(2);
        }
        JavaSdkPeer peer = start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            peer.close();
            stopped.countDown();
        }, "java-sdk-peer-shutdown"));
        System.err.println(READY + "http://" + host + ":" + peer.port() + "/mcp");
        System.err.flush();
        stopped.await();
    }
}
