package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import dev.tachyon.server.Dispatch;
import dev.tachyon.server.McpException;
import dev.tachyon.server.Resource;
import dev.tachyon.server.ResourceContents;
import dev.tachyon.server.ResourceHandler;
import dev.tachyon.server.ResourceRequest;
import dev.tachyon.server.ResourceTemplate;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** {@code resources/read}, {@code resources/subscribe} and {@code resources/unsubscribe}. */
final class ResourceMethods {

    private final Catalogs catalogs;
    private final Offload offload;

    ResourceMethods(Catalogs catalogs, Offload offload) {
        this.catalogs = catalogs;
        this.offload = offload;
    }

    void read(Request request) {
        String uri = Params.requireString(request.params, "uri");
        Resource resource = catalogs.resources().snapshot().get(uri);
        if (resource != null) {
            run(request, resource.dispatch(), resource.handler(), new Read(uri, Collections.emptyMap()));
            return;
        }
        for (ResourceTemplate template : catalogs.templates().snapshot().entries()) {
            Map<String, String> variables = template.uriTemplate().match(uri);
            if (variables != null) {
                run(request, template.dispatch(), template.handler(), new Read(uri, variables));
                return;
            }
        }
        throw request.isStateless() ? notFoundStateless(uri) : notFound(uri);
    }

    void subscribe(Request request) {
        String uri = Params.requireString(request.params, "uri");
        McpSession session = request.session;
        if (session.subscriptions.add(uri)) {
            catalogs.subscriptions().subscribe(uri, session);
        }
        request.emptyResult();
    }

    void unsubscribe(Request request) {
        String uri = Params.requireString(request.params, "uri");
        McpSession session = request.session;
        if (session.subscriptions.remove(uri)) {
            catalogs.subscriptions().unsubscribe(uri, session);
        }
        request.emptyResult();
    }

    /** Sends {@code notifications/resources/updated} to every session subscribed to {@code uri}. */
    void updated(String uri) {
        for (McpSession session : catalogs.subscriptions().subscribers(uri)) {
            Notifications.send(session, null, "notifications/resources/updated", out -> {
                JsonOut.ascii(out, "{\"uri\":");
                JsonOut.string(out, uri);
                out.writeByte('}');
            });
        }
    }

    static McpException notFound(String uri) {
        return new McpException(ErrorCodes.RESOURCE_NOT_FOUND, "Resource not found", Map.of("uri", uri));
    }

    /** The 2026-07-28 revision reports an unknown resource as invalid params (SEP-2164). */
    private static McpException notFoundStateless(String uri) {
        return new McpException(ErrorCodes.INVALID_PARAMS, "Resource not found", Map.of("uri", uri));
    }

    private void run(Request request, Dispatch dispatch, ResourceHandler handler, Read read) {
        offload.run(request, dispatch, () -> contents(handler.read(read)));
    }

    private static JsonWritable contents(List<ResourceContents> contents) {
        return out -> {
            JsonOut.ascii(out, "{\"contents\":");
            JsonOut.value(out, contents);
            out.writeByte('}');
        };
    }

    private static final class Read implements ResourceRequest {
        private final String uri;
        private final Map<String, String> variables;

        Read(String uri, Map<String, String> variables) {
            this.uri = uri;
            this.variables = Collections.unmodifiableMap(variables);
        }

        @Override
        public String uri() {
            return uri;
        }

        @Override
        public Map<String, String> variables() {
            return variables;
        }
    }
}
