package dev.tachyon.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Hints about a tool's behaviour (MCP {@code ToolAnnotations}); clients must treat them as untrusted hints. */
public final class ToolAnnotations {

    private final Map<String, Object> hints;

    private ToolAnnotations(Map<String, Object> hints) {
        this.hints = hints;
    }

    /** A builder with no hints set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The hints set, by their MCP member name ({@code "title"}, {@code "readOnlyHint"}, ...), in
     * the order the builder set them first; unmodifiable.
     */
    public Map<String, Object> asMap() {
        return hints;
    }

    /** Builds {@link ToolAnnotations}; unset hints are omitted. */
    public static final class Builder {
        private final Map<String, Object> hints = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder title(String title) {
            hints.put("title", title);
            return this;
        }

        public Builder readOnlyHint(boolean value) {
            hints.put("readOnlyHint", value);
            return this;
        }

        public Builder destructiveHint(boolean value) {
            hints.put("destructiveHint", value);
            return this;
        }

        public Builder idempotentHint(boolean value) {
            hints.put("idempotentHint", value);
            return this;
        }

        public Builder openWorldHint(boolean value) {
            hints.put("openWorldHint", value);
            return this;
        }

        public ToolAnnotations build() {
            return new ToolAnnotations(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hints)));
        }
    }
}
