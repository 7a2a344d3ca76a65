package dev.tachyon.api;

/**
 * The server's catalogs as a handler may change them while the server runs, e.g. a tool that
 * installs other tools. Every change reaches clients as a {@code list_changed} notification
 * (stateful sessions, and {@code subscriptions/listen} streams that asked for it). Safe for
 * concurrent use; reached through {@link ToolCall#catalog()}.
 */
public interface ServerCatalog {

    /** Adds a tool, or replaces the one with its name (in place: the listing order stays). */
    void addTool(Tool tool);

    /** Removes a tool; returns whether it existed. */
    boolean removeTool(String name);

    /** Adds a prompt, or replaces the one with its name. */
    void addPrompt(Prompt prompt);

    /** Removes a prompt; returns whether it existed. */
    boolean removePrompt(String name);

    /** Adds a resource, or replaces the one with its URI. */
    void addResource(Resource resource);

    /** Removes a resource; returns whether it existed. */
    boolean removeResource(String uri);

    /** Tells the clients subscribed to {@code uri} that it changed ({@code notifications/resources/updated}). */
    void resourceUpdated(String uri);
}
