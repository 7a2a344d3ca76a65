package dev.tachyon.api;


/** One argument a prompt accepts. Immutable. */
public final class PromptArgument {

    private final String name;
    private final String description;
    private final boolean required;

    private PromptArgument(String name, String description, boolean required) {
        this.name = Describable.requireText(name, "argument name");
        this.description = description;
        this.required = required;
    }

    /** @param description may be null */
    public static PromptArgument of(String name, String description, boolean required) {
        return new PromptArgument(name, description, required);
    }

    public String name() {
        return name;
    }

    public boolean required() {
        return required;
    }

    /** The description, or null. */
    public String description() {
        return description;
    }
}
