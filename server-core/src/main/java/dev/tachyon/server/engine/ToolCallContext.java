package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.server.Arguments;
import dev.tachyon.server.LogLevel;
import dev.tachyon.server.ToolCall;
import java.util.Map;

/** What a tool handler sees of its call; the ways back to the client go through the session's executor. */
final class ToolCallContext implements ToolCall {

    private final Request request;
    private final String name;
    private final Arguments arguments;
    private final Object progressToken;
    private final ClientRequests clientRequests;

    ToolCallContext(Request request, String name, Arguments arguments, Object progressToken,
            ClientRequests clientRequests) {
        this.request = request;
        this.name = name;
        this.arguments = arguments;
        this.progressToken = progressToken;
        this.clientRequests = clientRequests;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Arguments arguments() {
        return arguments;
    }

    @Override
    public Map<String, Object> clientCapabilities() {
        return request.clientCapabilities();
    }

    @Override
    public void progress(double progress, Double total, String message) {
        if (progressToken == null) {
            return;
        }
        Notifications.send(request.session, request.exchange, "notifications/progress", out -> {
            JsonOut.ascii(out, "{\"progressToken\":");
            JsonOut.value(out, progressToken);
            JsonOut.ascii(out, ",\"progress\":");
            JsonOut.value(out, progress);
            if (total != null) {
                JsonOut.ascii(out, ",\"total\":");
                JsonOut.value(out, total);
            }
            if (message != null) {
                JsonOut.ascii(out, ",\"message\":");
                JsonOut.string(out, message);
            }
            out.writeByte('}');
        });
    }

    @Override
    public void log(LogLevel level, String logger, Object data) {
        LogLevel threshold = request.logLevel();
        if (threshold == null || level.ordinal() < threshold.ordinal()) {
            return; // a stateless request without a log level gets no logs at all
        }
        Notifications.send(request.session, request.exchange, "notifications/message", out -> {
            JsonOut.ascii(out, "{\"level\":");
            JsonOut.string(out, level.wireName());
            if (logger != null) {
                JsonOut.ascii(out, ",\"logger\":");
                JsonOut.string(out, logger);
            }
            JsonOut.ascii(out, ",\"data\":");
            JsonOut.value(out, data);
            out.writeByte('}');
        });
    }

    @Override
    public Map<String, Object> sample(Map<String, Object> params) throws InterruptedException {
        return clientRequests.call(request.session, request.exchange, "sampling/createMessage", "sampling", params);
    }

    @Override
    public Map<String, Object> elicit(Map<String, Object> params) throws InterruptedException {
        return clientRequests.call(request.session, request.exchange, "elicitation/create", "elicitation", params);
    }

    @Override
    public Map<String, Object> listRoots() throws InterruptedException {
        return clientRequests.call(request.session, request.exchange, "roots/list", "roots", Map.of());
    }

    @Override
    public boolean isCancelled() {
        return request.isCancelled();
    }

    @Override
    public void disconnect() {
        McpSession session = request.session;
        Runnable task = () -> {
            if (!session.isClosed() && !request.isAnswered()) {
                session.outbound().disconnect(request.exchange);
                session.outbound().flush();
            }
        };
        if (session.outbound().executor().inEventLoop()) {
            task.run();
        } else {
            session.outbound().executor().execute(task);
        }
    }
}
