package dev.tachyon.api;

/** Checks the builders of tools, resources, templates and prompts share. */
final class Describable {

    private Describable() {
    }

    static String requireText(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}
