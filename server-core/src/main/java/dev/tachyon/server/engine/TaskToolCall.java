package dev.tachyon.server.engine;

import dev.tachyon.api.Arguments;
import dev.tachyon.api.LogLevel;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Principal;
import dev.tachyon.api.ServerCatalog;
import dev.tachyon.api.ToolCall;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.server.tasks.Task;
import java.util.Map;

/**
 * What a tool handler sees of a call that runs as a task: the same arguments, capabilities and
 * principal as a direct call, with the ways back to the client the task has. Progress becomes
 * the task's status message (the extension carries no progress notifications); log messages
 * have no stream to go to and are dropped. Asking the client for input from inside a task
 * ({@code inputRequests} through {@code tasks/get}) is not supported yet: it fails the task
 * with {@code -32600}, naming the method.
 */
final class TaskToolCall implements ToolCall {

    private final Task task;
    private final String name;
    private final Arguments arguments;
    private final Map<String, Object> clientCapabilities;
    private final Principal principal;
    private final ServerCatalog catalog;

    TaskToolCall(Task task, String name, Arguments arguments, Map<String, Object> clientCapabilities,
            Principal principal, ServerCatalog catalog) {
        this.task = task;
        this.name = name;
        this.arguments = arguments;
        this.clientCapabilities = clientCapabilities;
        this.principal = principal;
        this.catalog = catalog;
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

    @Override
    public Map<String, Object> sample(Map<String, Object> params) {
        throw unsupported("sampling/createMessage");
    }

    @Override
    public Map<String, Object> elicit(Map<String, Object> params) {
        throw unsupported("elicitation/create");
    }

    @Override
    public Map<String, Object> listRoots() {
        throw unsupported("roots/list");
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
