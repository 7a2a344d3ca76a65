package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.api.Arguments;
import dev.tachyon.api.McpException;
import dev.tachyon.api.ServerCatalog;
import dev.tachyon.api.LogLevel;
import dev.tachyon.api.ToolCall;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * What a tool handler sees of its call; the ways back to the client go through the session's
 * executor. The call is its own {@link #arguments()} ({@link FrameArguments}): an inline call
 * reads them in place from its frame until {@link #detach()}, any other has them decoded. One
 * object per call rather than two, made for the call and never reused: a handler that keeps
 * its {@link ToolCall} or its arguments keeps them as it did when they were two objects.
 *
 * <p>The fields are few on purpose (this is made for every call, 64 bytes with compressed
 * references): the engine's ways back to the client are reached through {@link #owner}, the
 * digit bound through the session's settings.
 */
final class ToolCallContext extends FrameArguments implements ClientAskingCall, RequestRound {

    final Request request;
    final Inputs inputs;
    final String name;
    private final Object progressToken;
    /** Its {@code clientRequests} and {@code catalog}: one reference, not two, in an object made per call. */
    private final ToolMethods owner;
    /**
     * The first round's context, whose {@code clientFailed} stands for every round (one worker
     * runs them in turn); itself for the first round. A field, not a shared {@code boolean[1]}:
     * an inline call, which never has a second round, allocates nothing for it.
     */
    private final ToolCallContext first;
    /** Set, on {@link #first}, when a request to the client failed during this call, in any round. */
    private boolean clientFailed;

    /** A call whose arguments are decoded already ({@code arguments} null or empty: none). */
    ToolCallContext(Request request, String name, Map<String, Object> arguments, Object progressToken, ToolMethods owner,
            Inputs inputs) {
        this(request, name, arguments, progressToken, owner, inputs, null);
    }

    private ToolCallContext(Request request, String name, Map<String, Object> arguments, Object progressToken,
            ToolMethods owner, Inputs inputs, ToolCallContext first) {
        super(arguments);
        this.request = request;
        this.inputs = inputs;
        this.name = name;
        this.progressToken = progressToken;
        this.owner = owner;
        this.first = first == null ? this : first;
    }

    /**
     * An inline call whose arguments are {@code frame[start, end)}, read in place with
     * {@code scratch} until {@link #detach()} (see {@link FrameArguments}); no progress token,
     * no earlier rounds.
     */
    ToolCallContext(Request request, String name, ByteBuf frame, int start, int end, MessageScratch scratch,
            String[] knownNames, ToolMethods owner) {
        super(frame, start, end, scratch, knownNames);
        this.request = request;
        this.inputs = Inputs.NONE;
        this.name = name;
        this.progressToken = null;
        this.owner = owner;
        this.first = this;
    }

    /** The same call, for the handler's next round with {@code next}. */
    ToolCallContext round(Inputs next) {
        return next == inputs ? this
                : new ToolCallContext(request, name, asMap(), progressToken, owner, next, first);
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
    int maxNumberDigits() {
        return request.session.settings.maxNumberDigits();
    }

    @Override
    public String name() {
        return name;
    }

    /** This call itself: see {@link FrameArguments}. */
    @Override
    public Arguments arguments() {
        return this;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public Inputs inputs() {
        return inputs;
    }

    /** {@link RequestRound}'s: named again because {@link ToolCall} declares it again (for its own Javadoc). */
    @Override
    public Map<String, Object> clientCapabilities() {
        return RequestRound.super.clientCapabilities();
    }

    @Override
    public ServerCatalog catalog() {
        return owner.catalog;
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
                return owner.clientRequests.call(request.session, request.exchange, method, capability, params);
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
