package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import dev.tachyon.api.McpException;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code subscriptions/listen} (2026-07-28): long-lived requests that receive the change
 * notifications their filter asks for, in place of the stateful revisions' GET stream and
 * {@code resources/subscribe}.
 *
 * <pre>
 *   -> {"id":7,"method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true},"_meta":{..}}}
 *   <- notifications/subscriptions/acknowledged  {"_meta":{"io.modelcontextprotocol/subscriptionId":7},
 *                                                  "notifications":{"toolsListChanged":true}}      first, always
 *   <- notifications/tools/list_changed          {"_meta":{"io.modelcontextprotocol/subscriptionId":7}}
 *   <- notifications/tasks                       the tasks extension's DetailedTask, for the taskIds asked
 *   ...until the client cancels (notifications/cancelled, or closing the HTTP stream) or the session ends
 * </pre>
 *
 * <p>A listen request is never answered while it is open; it belongs to its session (in
 * {@link McpSession#listens}) and ends with it. Every notification names the subscription, so
 * a connection carrying several (TCP, stdio) can tell them apart. Broadcasts come from any
 * thread; each stream is written on its session's executor, after its acknowledgement.
 */
final class Listeners {

    static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    /** What changed, and the filter member that asks for it. */
    enum Change {
        TOOLS("toolsListChanged", "notifications/tools/list_changed"),
        PROMPTS("promptsListChanged", "notifications/prompts/list_changed"),
        RESOURCES("resourcesListChanged", "notifications/resources/list_changed");

        final String filterMember;
        final String method;

        Change(String filterMember, String method) {
            this.filterMember = filterMember;
            this.method = method;
        }
    }

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final SessionLimits limits;
    private final ListenTasks tasks;

    Listeners(SessionLimits limits, ListenTasks tasks) {
        this.limits = limits;
        this.tasks = tasks;
    }

    /** Opens a stream for {@code request}: acknowledges it and starts delivering. */
    void listen(Request request) {
        Map<String, Object> filter = Params.optionalObject(request.params(), "notifications");
        if (filter == null) {
            throw McpException.invalidParams("subscriptions/listen needs params.notifications, the filter");
        }
        Set<Change> changes = java.util.EnumSet.noneOf(Change.class);
        for (Change change : Change.values()) {
            Object wanted = filter.get(change.filterMember);
            if (wanted != null && !(wanted instanceof Boolean)) {
                throw McpException.invalidParams("notifications." + change.filterMember + " must be a boolean");
            }
            if (Boolean.TRUE.equals(wanted)) {
                changes.add(change);
            }
        }
        Set<String> uris = uris(filter.get("resourceSubscriptions"));
        Set<String> taskIds = ListenTasks.ids(request, filter.get("taskIds"));
        McpSession session = request.session;
        // The URIs and task ids are kept as long as the stream is open and echoed in its acknowledgement.
        List<String> kept = new java.util.ArrayList<>(uris);
        kept.addAll(taskIds);
        int slots = limits.checkListen(session, kept);
        List<dev.tachyon.server.tasks.Task> watched = tasks.honoured(request, taskIds);
        Stream stream = new Stream(request, changes, uris);
        Stream previous = session.listens().putIfAbsent(request.idKey(), stream);
        if (previous != null) {
            throw McpException.invalidParams("a subscription with this id is already open");
        }
        session.listenSlots += slots;
        stream.send("notifications/subscriptions/acknowledged", out -> {
            JsonOut.ascii(out, ",\"notifications\":{");
            boolean first = true;
            for (Change change : changes) {
                JsonOut.ascii(out, first ? "\"" : ",\"");
                JsonOut.ascii(out, change.filterMember);
                JsonOut.ascii(out, "\":true");
                first = false;
            }
            if (!uris.isEmpty()) {
                JsonOut.ascii(out, first ? "\"resourceSubscriptions\":" : ",\"resourceSubscriptions\":");
                JsonOut.value(out, uris);
                first = false;
            }
            if (!taskIds.isEmpty()) {
                JsonOut.ascii(out, first ? "\"taskIds\":[" : ",\"taskIds\":[");
                for (int i = 0; i < watched.size(); i++) {
                    if (i > 0) {
                        out.writeByte(',');
                    }
                    JsonOut.string(out, watched.get(i).id());
                }
                out.writeByte(']');
            }
            out.writeByte('}');
        });
        session.outbound().flush();
        open.add(stream);
        Runnable unwatch = tasks.watch(stream, watched);
        request.onEnd(() -> {
            unwatch.run();
            open.remove(stream);
            if (session.listens().remove(request.idKey(), stream)) {
                session.listenSlots -= slots;
            }
        });
    }

    /** Ends every open stream, each on its session's executor (a drain). */
    void endAll() {
        for (Stream stream : open) {
            try {
                stream.request.session.outbound().executor().execute(stream::cancel);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // its loop is gone, and the stream's connection with it
            }
        }
    }

    /** Tells the streams that asked for {@code change}. */
    void changed(Change change) {
        for (Stream stream : open) {
            if (stream.changes.contains(change)) {
                stream.deliver(change.method, null);
            }
        }
    }

    /** Tells the streams subscribed to {@code uri} that it changed. */
    void resourceUpdated(String uri) {
        for (Stream stream : open) {
            if (stream.uris.contains(uri)) {
                stream.deliver("notifications/resources/updated", out -> {
                    JsonOut.ascii(out, ",\"uri\":");
                    JsonOut.string(out, uri);
                });
            }
        }
    }

    private static Set<String> uris(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof List)) {
            throw McpException.invalidParams("notifications.resourceSubscriptions must be an array of URIs");
        }
        Set<String> uris = new LinkedHashSet<>();
        for (Object uri : (List<?>) value) {
            if (!(uri instanceof String)) {
                throw McpException.invalidParams("notifications.resourceSubscriptions must hold strings");
            }
            uris.add((String) uri);
        }
        return uris;
    }

    /** One open listen request. */
    static final class Stream {
        private final Request request;
        private final Set<Change> changes;
        private final Set<String> uris;

        Stream(Request request, Set<Change> changes, Set<String> uris) {
            this.request = request;
            this.changes = changes;
            this.uris = uris;
        }

        /** Ends the stream without an answer (the client cancelled, or its session ended). */
        void cancel() {
            request.cancel();
        }

        /** Sends a notification from any thread, unless the stream has ended by then. */
        void deliver(String method, JsonWritable moreParams) {
            McpSession session = request.session;
            session.outbound().executor().execute(() -> {
                if (!request.isAnswered() && !session.isClosed()) {
                    send(method, moreParams);
                    session.outbound().flush();
                }
            });
        }

        /**
         * Writes {@code method} on the stream, its params being the subscription id and then
         * {@code moreParams} (members with their leading comma); on the session's executor.
         */
        void send(String method, JsonWritable moreParams) {
            Notifications.send(request.session, request.exchange, method, out -> {
                writeIdMeta(out, request.id());
                if (moreParams != null) {
                    moreParams.writeJson(out);
                }
                out.writeByte('}');
            });
        }

        private static void writeIdMeta(ByteBuf out, byte[] id) {
            JsonOut.ascii(out, "{\"_meta\":{\"" + SUBSCRIPTION_ID + "\":");
            out.writeBytes(id);
            out.writeByte('}');
        }
    }
}
