package dev.tachyon.server.engine;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A server-to-client request awaiting its answer: the future a worker waits on, and its timeout. */
final class ClientRequest {

    final String method;
    final CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    ScheduledFuture<?> timeout;

    ClientRequest(String method) {
        this.method = method;
    }
}
