package dev.tachyon.server.engine;

import dev.tachyon.api.Prompt;
import dev.tachyon.api.Resource;
import dev.tachyon.api.ServerCatalog;
import dev.tachyon.api.Tool;
import java.util.function.Consumer;

/** The engine's catalogs as handlers change them ({@link dev.tachyon.api.ToolCall#catalog()}). */
final class LiveCatalog implements ServerCatalog {

    private final Catalogs catalogs;
    private final Consumer<String> resourceUpdated;

    LiveCatalog(Catalogs catalogs, Consumer<String> resourceUpdated) {
        this.catalogs = catalogs;
        this.resourceUpdated = resourceUpdated;
    }

    @Override
    public void addTool(Tool tool) {
        catalogs.tools().put(tool);
    }

    @Override
    public boolean removeTool(String name) {
        return catalogs.tools().remove(name);
    }

    @Override
    public void addPrompt(Prompt prompt) {
        catalogs.prompts().put(prompt);
    }

    @Override
    public boolean removePrompt(String name) {
        return catalogs.prompts().remove(name);
    }

    @Override
    public void addResource(Resource resource) {
        catalogs.resources().put(resource);
    }

    @Override
    public boolean removeResource(String uri) {
        return catalogs.resources().remove(uri);
    }

    @Override
    public void resourceUpdated(String uri) {
        resourceUpdated.accept(uri);
    }
}
