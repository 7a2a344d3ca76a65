package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.api.Arguments;
import dev.tachyon.api.McpException;
import dev.tachyon.api.ServerCatalog;
import dev.tachyon.api.LogLevel;
import dev.tachyon.api.ToolCall;
import java.util.Map;

/** What a tool handler sees of its call; the ways back to the client go through the session's executor. */
final class ToolCallContext extends CallContext implements ClientAskingCall {

    private final Object progressToken;
    private final ClientRequests clientRequests;
    private final ServerCatalog catalog;
    /**
     * The first round's context, whose {@code clientFailed} stands for every round (one worker
     * runs them in turn); itself for the first round. A field, not a shared {@code boolean[1]}:
     * an inline call, which never has a second round, allocates nothing for it.
     */
    private final ToolCallContext first;
    /** Set, on {@link #first}, when a request to the client failed during this call, in any round. */
    private boolean clientFailed;

    ToolCallContext(Request request, String name, Arguments arguments, Object progressToken,
            ClientRequests clientRequests, ServerCatalog catalog, Inputs inputs) {
        this(request, name, arguments, progressToken, clientRequests, catalog, inputs, null);
    }

    private ToolCallContext(Request request, String name, Arguments arguments, Object progressToken,
            ClientRequests clientRequests, ServerCatalog catalog, Inputs inputs, ToolCallContext first) {
        super(request, name, arguments, inputs);
        this.progressToken = progressToken;
        this.clientRequests = clientRequests;
        this.catalog = catalog;
        this.first = first == null ? this : first;
    }

    /** The same call, for the handler's next round with {@code next}. */
    ToolCallContext round(Inputs next) {
        return next == inputs ? this
                : new ToolCallContext(request, name, arguments, progressToken, clientRequests, catalog, next, first);
    }

    /**
     * Whether a request to the client failed during this call (no answer in time, an error
     * answer, a capability not declared, too many unanswered): an error the handler then
     * reports says nothing about the tool's health, so it does not count against its breaker.
     */
    boolean clientFailed() {
        return first.clientFailed;
    }

    @Override
    public ServerCatalog catalog() {
        return catalog;
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

    /**
     * A server-to-client request. The stateless revision has none: there the capability is
     * still checked ({@code -32021}), and a client that has it is told to use a session.
     */
    @Override
    public Map<String, Object> askClient(String method, String capability, Map<String, Object> params)
            throws InterruptedException {
        if (!request.isStateless()) {
            try {
                return clientRequests.call(request.session, request.exchange, method, capability, params);
            } catch (McpException e) {
                first.clientFailed = true;
                throw e;
            }
        }
        first.clientFailed = true; // both answers below are the client's shortcoming
        if (!request.declares(capability)) {
            throw new McpException(ErrorCodes.MISSING_CLIENT_CAPABILITY, "The request needs the client capability '"
                    + capability + "', which it did not declare", Map.of("requiredCapabilities", Map.of(capability, Map.of())));
        }
        throw new McpException(ErrorCodes.INVALID_REQUEST, "Tool '" + name + "' sends " + method + " to the client,"
                + " which only a session can carry: initialize one (revision 2025-11-25) to call it", null);
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
