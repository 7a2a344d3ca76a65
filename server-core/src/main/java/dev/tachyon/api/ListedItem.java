package dev.tachyon.api;

import java.util.List;

/**
 * What every listed item (tool, resource, template, prompt) shows a client beside its
 * identifier: the title, description and icons its builder ({@link ItemBuilder}) was given.
 */
public abstract class ListedItem {

    private final String title;
    private final String description;
    private final List<Icon> icons;

    ListedItem(ItemBuilder<?> builder) {
        this.title = builder.title;
        this.description = builder.description;
        this.icons = List.copyOf(builder.icons);
    }

    /** The human-readable display name, or null. */
    public final String title() {
        return title;
    }

    /** What the item is for, or null. */
    public final String description() {
        return description;
    }

    /** The icons, in the order added; unmodifiable, empty when none. */
    public final List<Icon> icons() {
        return icons;
    }
}
