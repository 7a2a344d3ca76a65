package dev.tachyon.server.engine;

import dev.tachyon.api.ToolCall;
import java.util.Map;

/**
 * A tool call whose handler's requests to the client ({@link #sample}, {@link #elicit},
 * {@link #listRoots}) all go through one {@link #askClient}: the request method and the client
 * capability it needs are named here once, for a direct call and for a task alike.
 */
interface ClientAskingCall extends ToolCall {

    /**
     * Sends {@code method} to the client, which must have declared {@code capability}, and
     * waits for its result object.
     */
    Map<String, Object> askClient(String method, String capability, Map<String, Object> params)
            throws InterruptedException;

    @Override
    default Map<String, Object> sample(Map<String, Object> params) throws InterruptedException {
        return askClient("sampling/createMessage", "sampling", params);
    }

    @Override
    default Map<String, Object> elicit(Map<String, Object> params) throws InterruptedException {
        return askClient("elicitation/create", "elicitation", params);
    }

    @Override
    default Map<String, Object> listRoots() throws InterruptedException {
        return askClient("roots/list", "roots", Map.of());
    }
}
