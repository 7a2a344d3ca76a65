package dev.tachyon.server.schema;

/**
 * One way a tool's arguments break its input schema.
 *
 * @param keyword the JSON Schema keyword that failed ({@code minimum}, {@code required}, {@code type}, ...)
 * @param path    where in the arguments, as a JSON Pointer ({@code ""} for the arguments object itself)
 * @param message what is wrong, for the model to correct its call
 */
public record SchemaViolation(String keyword, String path, String message) {
}
