package dev.tachyon.server.engine;

import dev.tachyon.server.tasks.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a task of a 2025-11-25 session asks its client for input: the handler's
 * {@code elicit}, {@code sample} and {@code listRoots} become requests on the session that
 * carry {@code _meta["io.modelcontextprotocol/related-task"]}, and the task shows
 * {@code input_required} until the answer comes. The request goes out on the stream of a
 * {@code tasks/result} that waits for the task, if one does (the revision's suggested way over
 * Streamable HTTP), else on the session's own stream. Bounded as every request to the client is:
 * {@code max-pending-client-requests} per session and the client-request timeout.
 */
final class SessionTaskRelay {

    private final McpSession session;
    private final ClientRequests clientRequests;
    /** The exchange of a {@code tasks/result} waiting for the task; null when none does. */
    private volatile Object resultExchange;

    SessionTaskRelay(McpSession session, ClientRequests clientRequests) {
        this.session = session;
        this.clientRequests = clientRequests;
    }

    /** Whether the task's requests to the client go to {@code other} (the session that started the task). */
    boolean serves(McpSession other) {
        return other == session;
    }

    /** A {@code tasks/result} waits on {@code exchange} (null: it ended): later requests to the client go there. */
    void resultExchange(Object exchange) {
        resultExchange = exchange;
    }

    /** Sends {@code method} for {@code task} and waits for the answer, the task {@code input_required} meanwhile. */
    Map<String, Object> ask(Task task, String method, String capability, Map<String, Object> params)
            throws InterruptedException {
        Map<String, Object> related = new LinkedHashMap<>(params);
        Map<String, Object> meta = new LinkedHashMap<>();
        if (params.get("_meta") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> meta.put(String.valueOf(k), v));
        }
        meta.put(SessionTaskMethods.RELATED_TASK, Map.of("taskId", task.id()));
        related.put("_meta", meta);
        task.awaitingClient("Waiting for the client to answer " + method);
        try {
            return clientRequests.call(session, resultExchange, method, capability, related);
        } finally {
            task.resumed();
        }
    }
}
