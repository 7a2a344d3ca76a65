package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.api.Completer;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Prompt;
import dev.tachyon.api.ResourceTemplate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code completion/complete} for prompt arguments and resource-template variables. */
final class Completions {

    /** The spec caps one answer at 100 values. */
    static final int MAX_VALUES = 100;

    private Completions() {
    }

    static void complete(Catalogs catalogs, SessionLimits limits, Request request) {
        Map<String, Object> ref = Params.optionalObject(request.params(), "ref");
        Map<String, Object> argument = Params.optionalObject(request.params(), "argument");
        if (ref == null || argument == null) {
            throw McpException.invalidParams("completion/complete needs 'ref' and 'argument'");
        }
        String argName = Params.requireString(argument, "name");
        String prefix = Params.requireString(argument, "value");
        Completer completer = completer(catalogs, limits, ref, argName);
        Map<String, String> context = contextArguments(request.params());
        List<String> values = completer == null ? List.of() : completer.complete(argName, prefix, context);
        List<String> sent = values.size() > MAX_VALUES ? values.subList(0, MAX_VALUES) : values;
        request.result(out -> {
            JsonOut.ascii(out, "{\"completion\":{\"values\":");
            JsonOut.value(out, sent);
            JsonOut.ascii(out, ",\"total\":");
            JsonOut.number(out, values.size());
            JsonOut.ascii(out, values.size() > sent.size() ? ",\"hasMore\":true}}" : ",\"hasMore\":false}}");
        });
    }

    private static Completer completer(Catalogs catalogs, SessionLimits limits, Map<String, Object> ref,
            String argName) {
        String type = Params.requireString(ref, "type");
        if (type.equals("ref/prompt")) {
            String name = Params.requireString(ref, "name");
            Prompt prompt = catalogs.prompts().snapshot().get(name);
            if (prompt == null) {
                throw McpException.invalidParams("Unknown prompt: " + name);
            }
            if (prompt.arguments().stream().noneMatch(a -> a.name().equals(argName))) {
                throw McpException.invalidParams("prompt '" + name + "' has no argument '" + argName + "'");
            }
            return prompt.completer();
        }
        if (type.equals("ref/resource")) {
            String uri = Params.requireString(ref, "uri");
            limits.checkUri(uri); // echoed in the error below
            ResourceTemplate template = catalogs.templates().snapshot().get(uri);
            if (template == null) {
                throw McpException.invalidParams("Unknown resource template: " + uri);
            }
            return template.completer();
        }
        throw McpException.invalidParams("ref.type must be 'ref/prompt' or 'ref/resource'");
    }

    private static Map<String, String> contextArguments(Map<String, Object> params) {
        Map<String, Object> context = Params.optionalObject(params, "context");
        Map<String, Object> args = context == null ? null : Params.optionalObject(context, "arguments");
        if (args == null) {
            return Collections.emptyMap();
        }
        Map<String, String> strings = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (v instanceof String) {
                strings.put(k, (String) v);
            }
        });
        return strings;
    }
}
