package dev.tachyon.server.tasks;

/**
 * A task's status, with its wire name. {@code working} and {@code input_required} go on; the
 * other three are terminal, and a terminal task never changes again.
 */
public enum TaskStatus {
    WORKING("working"),
    INPUT_REQUIRED("input_required"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wireName;

    TaskStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code "input_required"}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the task has ended (completed, failed or cancelled). */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
