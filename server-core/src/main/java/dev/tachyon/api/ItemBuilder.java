package dev.tachyon.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the builders of every listed item share: the human-facing title, description and icons
 * that clients show next to a tool, resource, template or prompt.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class ItemBuilder<B extends ItemBuilder<B>> {

    String title;
    String description;
    final List<Icon> icons = new ArrayList<>();

    ItemBuilder() {
    }

    /** A short human-readable name for display (the protocol name stays the identifier). */
    public B title(String value) {
        this.title = value;
        return self();
    }

    /** What the item is for; clients and models read it. */
    public B description(String value) {
        this.description = value;
        return self();
    }

    /** Adds an icon. */
    public B icon(Icon icon) {
        icons.add(Objects.requireNonNull(icon, "icon"));
        return self();
    }

    abstract B self();
}
