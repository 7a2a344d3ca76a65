package dev.tachyon.server.cli;

import java.util.List;

/**
 * A cursor over command-line arguments that understands {@code --flag VALUE} and
 * {@code --flag=VALUE}.
 *
 * <p>Not thread-safe; one cursor parses one command line.
 */
final class CommandLine {

    private final List<String> args;
    private int next;

    CommandLine(List<String> args) {
        this.args = List.copyOf(args);
    }

    boolean hasNext() {
        return next < args.size();
    }

    /** The next argument as written. */
    String next() {
        return args.get(next++);
    }

    /** The flag an argument names: {@code --tcp} for both {@code --tcp} and {@code --tcp=HOST:PORT}. */
    static String flagOf(String arg) {
        int equals = arg.indexOf('=');
        return arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
    }

    /**
     * The value of the flag {@code arg} named: the text after {@code =}, or else the next
     * argument.
     *
     * @throws UsageException when there is no value
     */
    String valueOf(String arg) throws UsageException {
        String flag = flagOf(arg);
        if (!flag.equals(arg)) {
            return arg.substring(flag.length() + 1);
        }
        if (!hasNext()) {
            throw UsageException.invalid(flag + " needs a value");
        }
        return next();
    }

    /**
     * Checks that the flag {@code arg} names was written without a value.
     *
     * @throws UsageException for {@code --stdio=yes} and the like
     */
    static void noValue(String arg) throws UsageException {
        if (!flagOf(arg).equals(arg)) {
            throw UsageException.invalid(flagOf(arg) + " takes no value");
        }
    }
}
