package dev.tachyon.api;

import java.util.List;

/**
 * MCP annotations on content and resources: who the item is for, how important it is, and when
 * it last changed. Immutable; absent members are not written.
 */
public final class Annotations {

    private final List<String> audience;
    private final Double priority;
    private final String lastModified;

    private Annotations(List<String> audience, Double priority, String lastModified) {
        this.audience = audience;
        this.priority = priority;
        this.lastModified = lastModified;
    }

    /**
     * @param audience roles the item is meant for ({@code "user"}, {@code "assistant"}), or null
     * @param priority importance from 0 (optional) to 1 (required), or null
     * @param lastModified an ISO 8601 timestamp, or null
     */
    public static Annotations of(List<String> audience, Double priority, String lastModified) {
        if (priority != null && (priority < 0 || priority > 1)) {
            throw new IllegalArgumentException("priority must be within [0, 1]: " + priority);
        }
        if (audience != null) {
            for (String role : audience) {
                if (!role.equals("user") && !role.equals("assistant")) {
                    throw new IllegalArgumentException("audience role must be user or assistant: " + role);
                }
            }
        }
        return new Annotations(audience == null ? null : List.copyOf(audience), priority, lastModified);
    }

    /** The roles the item is meant for, unmodifiable, or null. */
    public List<String> audience() {
        return audience;
    }

    /** Importance from 0 to 1, or null. */
    public Double priority() {
        return priority;
    }

    /** An ISO 8601 timestamp, or null. */
    public String lastModified() {
        return lastModified;
    }
}
