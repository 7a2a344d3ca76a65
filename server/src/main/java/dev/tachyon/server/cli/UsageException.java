package dev.tachyon.server.cli;

/**
 * A command line that cannot be run as written; the command exits with {@link ExitCode#USAGE}.
 *
 * <p>An unknown command or flag means the user does not know the syntax, so the full usage is
 * printed after the message; a bad value for a known flag only needs the message.
 */
final class UsageException extends Exception {

    private final boolean showUsage;

    private UsageException(String message, boolean showUsage) {
        super(message, null, false, false);
        this.showUsage = showUsage;
    }

    /** Something the parser does not know, such as {@code tachyon srve} or {@code serve --tpc}. */
    static UsageException unknown(String message) {
        return new UsageException(message, true);
    }

    /** A known flag or command used wrongly: a bad value, a missing value, a repeated flag. */
    static UsageException invalid(String message) {
        return new UsageException(message, false);
    }

    /** Whether the full usage should follow the message. */
    boolean showUsage() {
        return showUsage;
    }
}
