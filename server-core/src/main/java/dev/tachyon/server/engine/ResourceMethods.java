package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.server.Dispatch;
import dev.tachyon.server.McpException;
import dev.tachyon.server.Resource;
import dev.tachyon.server.ResourceContents;
import dev.tachyon.server.ResourceRequestHandler;
import dev.tachyon.server.ResourceResult;
import dev.tachyon.server.ResourceRequest;
import dev.tachyon.server.ResourceTemplate;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** {@code resources/read}, {@code resources/subscribe} and {@code resources/unsubscribe}. */
final class ResourceMethods {

    private final Catalogs catalogs;
    private final Offload offload;
    private final InputRounds rounds;

    ResourceMethods(Catalogs catalogs, Offload offload, InputRounds rounds) {
        this.catalogs = catalogs;
        this.offload = offload;
        this.rounds = rounds;
    }

    void read(Request request) {
        String uri = Params.requireString(request.params(), "uri");
        Resource resource = catalogs.resources().snapshot().get(uri);
        if (resource != null) {
            run(request, resource.dispatch(), resource.requestHandler(), uri, Collections.emptyMap());
            return;
        }
        for (ResourceTemplate template : catalogs.templates().snapshot().entries()) {
            Map<String, String> variables = template.uriTemplate().match(uri);
            if (variables != null) {
                run(request, template.dispatch(), template.requestHandler(), uri, variables);
                return;
            }
        }
        throw request.isStateless() ? notFoundStateless(uri) : notFound(uri);
    }

    void subscribe(Request request) {
        String uri = Params.requireString(request.params(), "uri");
        McpSession session = request.session;
        if (session.subscriptions().add(uri)) {
            catalogs.subscriptions().subscribe(uri, session);
        }
        request.emptyResult();
    }

    void unsubscribe(Request request) {
        String uri = Params.requireString(request.params(), "uri");
        McpSession session = request.session;
        if (session.subscriptions().remove(uri)) {
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

    private void run(Request request, Dispatch dispatch, ResourceRequestHandler handler, String uri,
            Map<String, String> variables) {
        Inputs inputs = rounds.inputs(request);
        offload.run(request, dispatch, () -> rounds.drive(request, inputs, dispatch == Dispatch.BLOCKING,
                next -> outcome(handler.read(new Read(request, uri, variables, next)))));
    }

    private static InputRounds.Outcome outcome(ResourceResult result) {
        if (result == null) {
            throw new IllegalStateException("the resource handler returned no result");
        }
        if (result.inputRequired() != null) {
            return InputRounds.Outcome.input(result.inputRequired());
        }
        List<ResourceContents> contents = result.contents();
        return InputRounds.Outcome.body(out -> {
            JsonOut.ascii(out, "{\"contents\":");
            JsonOut.value(out, contents);
            out.writeByte('}');
        });
    }

    /** One round of a read as its handler sees it. */
    private static final class Read extends RoundContext implements ResourceRequest {
        private final String uri;
        private final Map<String, String> variables;

        Read(Request request, String uri, Map<String, String> variables, Inputs inputs) {
            super(request, inputs);
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
