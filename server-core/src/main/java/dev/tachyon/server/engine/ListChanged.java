package dev.tachyon.server.engine;

/** Tells every initialized session when a catalog changes ({@code notifications/.../list_changed}). */
final class ListChanged {

    private ListChanged() {
    }

    static void install(Catalogs catalogs) {
        catalogs.tools().onChange(s -> broadcast(catalogs, "notifications/tools/list_changed"));
        catalogs.resources().onChange(s -> broadcast(catalogs, "notifications/resources/list_changed"));
        catalogs.templates().onChange(s -> broadcast(catalogs, "notifications/resources/list_changed"));
        catalogs.prompts().onChange(s -> broadcast(catalogs, "notifications/prompts/list_changed"));
    }

    private static void broadcast(Catalogs catalogs, String method) {
        for (McpSession session : catalogs.sessions().values()) {
            session.outbound().executor().execute(() -> {
                if (session.isInitialized()) {
                    Notifications.send(session, null, method, out -> out.writeByte('{').writeByte('}'));
                }
            });
        }
    }
}
