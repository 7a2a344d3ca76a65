package dev.tachyon.api;

import java.util.List;
import java.util.Map;

/**
 * Suggests values for a prompt argument or a resource-template variable
 * ({@code completion/complete}). Runs on the event loop: must be quick and must not block.
 */
@FunctionalInterface
public interface Completer {

    /**
     * @param argument the argument or variable being completed
     * @param prefix what the user has typed so far
     * @param context values of arguments already filled in (may be empty)
     * @return suggestions, best first; at most 100 are sent
     */
    List<String> complete(String argument, String prefix, Map<String, String> context);
}
