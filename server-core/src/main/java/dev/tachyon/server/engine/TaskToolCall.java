package dev.tachyon.server.engine;

import dev.tachyon.api.Arguments;
import dev.tachyon.api.InputResponses;
import dev.tachyon.api.LogLevel;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Principal;
import dev.tachyon.api.ServerCatalog;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.server.tasks.Task;
import java.util.Map;

/**
 * What a tool handler sees of a call that runs as a task: the same arguments, capabilities and
 * principal as a direct call, with the ways back to the client the task has. Progress becomes
 * the task's status message (the extension carries no progress notifications); log messages
 * have no stream to go to and are dropped. A handler asks for input as in a multi round-trip
 * call, by returning {@link dev.tachyon.api.ToolResult#inputRequired}: the task shows the
 * requests in {@code tasks/get}, and the next round sees the answers {@code tasks/update}
 * brought in {@link #inputResponses()}. The blocking asks ({@link #elicit} and the like) have
 * no channel in an extension task and fail it with {@code -32600}, naming the method; in a task
 * of a 2025-11-25 session they are requests on the session ({@link SessionTaskRelay}).
 */
final class TaskToolCall implements ClientAskingCall {

    private final Task task;
    private final String name;
    private final Arguments arguments;
    private final Map<String, Object> clientCapabilities;
    private final Principal principal;
    private final ServerCatalog catalog;
    private final InputResponses inputResponses;
    private final String requestState;
    /** A 2025-11-25 session's way to ask the client; null for the extension, which asks through the task. */
    private final SessionTaskRelay relay;

    TaskToolCall(Task task, String name, Arguments arguments, Map<String, Object> clientCapabilities,
            Principal principal, ServerCatalog catalog, InputResponses inputResponses, String requestState,
            SessionTaskRelay relay) {
        this.relay = relay;
        this.task = task;
        this.name = name;
        this.arguments = arguments;
        this.clientCapabilities = clientCapabilities;
        this.principal = principal;
        this.catalog = catalog;
        this.inputResponses = inputResponses;
        this.requestState = requestState;
    }

    /** The same call for the task's next round: the client's answers, and the state the last round left. */
    TaskToolCall next(Task.Resume resume) {
        return new TaskToolCall(task, name, arguments, clientCapabilities, principal, catalog,
                InputResponses.of(resume.answers()), resume.state(), relay);
    }

    @Override
    public InputResponses inputResponses() {
        return inputResponses;
    }

    @Override
    public String requestState() {
        return requestState;
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
        return clientCapabilities;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public ServerCatalog catalog() {
        return catalog;
    }

    @Override
    public void progress(double progress, Double total, String message) {
        task.statusMessage(message != null ? message
                : total == null ? "progress " + progress : "progress " + progress + " of " + total);
    }

    @Override
    public void log(LogLevel level, String logger, Object data) {
        // The extension sends no notifications/message for tasks: nowhere to go.
    }

    /** The relay of a 2025-11-25 session's task, for a test to park {@code tasks/result} on; null otherwise. */
    SessionTaskRelay relay() {
        return relay;
    }

    @Override
    public Map<String, Object> askClient(String method, String capability, Map<String, Object> params)
            throws InterruptedException {
        if (relay == null) {
            throw unsupported(method);
        }
        return relay.ask(task, method, capability, params);
    }

    private McpException unsupported(String method) {
        return new McpException(ErrorCodes.INVALID_REQUEST, "Tool '" + name + "' sends " + method
                + " to the client, which a task cannot carry yet: call it without the tasks extension", null);
    }

    @Override
    public boolean isCancelled() {
        return task.isCancelled();
    }
}
