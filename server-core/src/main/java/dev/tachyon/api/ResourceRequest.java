package dev.tachyon.api;

import java.util.Map;

/**
 * A {@code resources/read} as seen by a handler: the URI and, for a template, its matched
 * variables; and what came back from the client when an earlier round asked it for input.
 */
public interface ResourceRequest extends InputContext {

    /** The URI being read. */
    String uri();

    /** Variables matched from the URI template (empty for a plain resource). */
    Map<String, String> variables();
}
