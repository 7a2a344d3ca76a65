package dev.tachyon.server.cli;

/** The exit codes of the {@code tachyon} command. */
final class ExitCode {

    /** The command did what was asked. */
    static final int OK = 0;
    /** The command was understood but failed, such as a configuration with problems. */
    static final int FAILED = 1;
    /** The command line itself was wrong: unknown command or flag, bad flag value. */
    static final int USAGE = 2;

    private ExitCode() {
    }
}
