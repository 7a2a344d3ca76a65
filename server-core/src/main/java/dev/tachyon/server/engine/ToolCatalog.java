package dev.tachyon.server.engine;

import dev.tachyon.api.Tool;
import dev.tachyon.registry.Catalog;
import dev.tachyon.registry.CatalogSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tools catalog: takes the user's {@link Tool}s and keeps each as a {@link ToolEntry}, so a
 * tool's schema is compiled once, when it is registered, and the model carries no engine state.
 * A tool registered again (the same instance, e.g. re-added by a handler to announce a change)
 * keeps its entry: nothing is compiled on the event loop that was compiled before.
 */
public final class ToolCatalog {

    private final Catalog<ToolEntry> entries;

    ToolCatalog(int pageSize) {
        this.entries = new Catalog<>("tools", pageSize, ToolEntry::name, (out, entry) -> entry.writeListing(out));
    }

    /**
     * Adds a tool, replacing one with the same name in place.
     *
     * @throws IllegalArgumentException when its input schema does not compile (the builder checked it)
     */
    public void put(Tool tool) {
        entries.put(entry(tool));
    }

    /** Adds several tools as one change (one version, one notification). */
    public void putAll(List<? extends Tool> tools) {
        List<ToolEntry> added = new ArrayList<>(tools.size());
        for (Tool tool : tools) {
            added.add(entry(tool));
        }
        entries.putAll(added);
    }

    private ToolEntry entry(Tool tool) {
        ToolEntry registered = entries.snapshot().get(tool.name());
        return registered != null && registered.tool() == tool ? registered : new ToolEntry(tool);
    }

    /** Removes the tool with this name; returns whether there was one. */
    public boolean remove(String name) {
        return entries.remove(name);
    }

    /** The current version; never null. */
    CatalogSnapshot<ToolEntry> snapshot() {
        return entries.snapshot();
    }

    /** Calls {@code listener} with every new version after it is published. */
    void onChange(Consumer<CatalogSnapshot<ToolEntry>> listener) {
        entries.onChange(listener);
    }
}
