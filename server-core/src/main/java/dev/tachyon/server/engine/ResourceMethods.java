package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.api.Dispatch;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Resource;
import dev.tachyon.api.ResourceContents;
import dev.tachyon.api.ResourceRequestHandler;
import dev.tachyon.api.ResourceResult;
import dev.tachyon.api.ResourceRequest;
import dev.tachyon.api.ResourceTemplate;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** {@code resources/read}, {@code resources/subscribe} and {@code resources/unsubscribe}. */
final class ResourceMethods {

    private final Catalogs catalogs;
    private final Offload offload;
    private final InputRounds rounds;
    private final SessionLimits limits;

    ResourceMethods(Catalogs catalogs, Offload offload, InputRounds rounds, SessionLimits limits) {
        this.catalogs = catalogs;
        this.offload = offload;
        this.rounds = rounds;
        this.limits = limits;
    }

    void read(Request request) {
        String uri = Params.requireString(request.params(), "uri");
        limits.checkUri(uri);
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

    /**
     * Subscribes the session to a resource it may read: a URI longer than {@code max-uri-bytes}
     * is refused ({@code -32602}), one that is neither a resource nor matches a template is not
     * found ({@code -32002}, as for a read: the spec says servers MUST validate resource URIs),
     * and one subscription over {@code max-subscriptions-per-session} is refused ({@code -32001}).
     * Subscribing twice to one URI holds one subscription.
     */
    void subscribe(Request request) {
        String uri = Params.requireString(request.params(), "uri");
        limits.checkUri(uri);
        if (!serves(uri)) {
            throw notFound(uri);
        }
        McpSession session = request.session;
        if (session.subscriptionCount() == 0 || !session.subscriptions().contains(uri)) {
            limits.checkSubscription(session);
            session.subscriptions().add(uri);
            limits.subscribed();
            catalogs.subscriptions().subscribe(uri, session);
        }
        request.emptyResult();
    }

    void unsubscribe(Request request) {
        String uri = Params.requireString(request.params(), "uri");
        limits.checkUri(uri);
        McpSession session = request.session;
        if (session.subscriptionCount() > 0 && session.subscriptions().remove(uri)) {
            limits.unsubscribed(1);
            catalogs.subscriptions().unsubscribe(uri, session);
        }
        request.emptyResult();
    }

    /** Whether {@code uri} is a resource, or matches a template, of the catalog now. */
    private boolean serves(String uri) {
        if (catalogs.resources().snapshot().get(uri) != null) {
            return true;
        }
        for (ResourceTemplate template : catalogs.templates().snapshot().entries()) {
            if (template.uriTemplate().match(uri) != null) {
                return true;
            }
        }
        return false;
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
            ModelJson.array(out, contents, ModelJson::resourceContents);
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
