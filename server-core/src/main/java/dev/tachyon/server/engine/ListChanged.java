package dev.tachyon.server.engine;

/**
 * Tells every initialized session when a catalog changes ({@code notifications/.../list_changed}),
 * and every {@code subscriptions/listen} stream that asked for that change.
 */
final class ListChanged {

    private ListChanged() {
    }

    static void install(Catalogs catalogs, Listeners listeners) {
        catalogs.tools().onChange(s -> broadcast(catalogs, listeners, Listeners.Change.TOOLS));
        catalogs.resources().onChange(s -> broadcast(catalogs, listeners, Listeners.Change.RESOURCES));
        catalogs.templates().onChange(s -> broadcast(catalogs, listeners, Listeners.Change.RESOURCES));
        catalogs.prompts().onChange(s -> broadcast(catalogs, listeners, Listeners.Change.PROMPTS));
    }

    private static void broadcast(Catalogs catalogs, Listeners listeners, Listeners.Change change) {
        listeners.changed(change);
        String method = change.method;
        for (McpSession session : catalogs.sessions().values()) {
            session.outbound().executor().execute(() -> {
                if (session.isInitialized()) {
                    Notifications.send(session, null, method, out -> out.writeByte('{').writeByte('}'));
                }
            });
        }
    }
}
