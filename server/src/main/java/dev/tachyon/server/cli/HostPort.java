package dev.tachyon.server.cli;

/**
 * An address to listen on, as given on the command line: {@code HOST:PORT}.
 *
 * <p>The host is kept as text and not resolved: binding is the server's job, and a name that
 * resolves only later (a container network) must still be accepted here. IPv6 literals are
 * written in brackets, {@code [::1]:7800}, because their colons would make the port ambiguous;
 * {@link #host()} holds them without the brackets.
 *
 * @param host a non-empty host name or IP literal, without whitespace
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    private static final int MAX_PORT = 65_535;

    /**
     * Parses {@code text} given for {@code flag}.
     *
     * @throws UsageException naming the flag, the text, and the expected form
     */
    static HostPort parse(String flag, String text) throws UsageException {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw invalid(flag, text, "an IPv6 address needs the form [ADDRESS]:PORT");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw invalid(flag, text, "the port is missing");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw invalid(flag, text, "write an IPv6 address in brackets, such as [::1]:7800");
            }
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(flag, text, "the host is missing or has spaces");
        }
        return new HostPort(host, parsePort(flag, text, port));
    }

    private static int parsePort(String flag, String text, String port) throws UsageException {
        // Digits only: Integer.parseInt would also take "+80".
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(flag, text, "the port must be a number from 1 to 65535");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > MAX_PORT) {
            throw invalid(flag, text, "the port must be a number from 1 to 65535");
        }
        return value;
    }

    private static UsageException invalid(String flag, String text, String why) {
        return UsageException.invalid(flag + " expects HOST:PORT, such as 127.0.0.1:7800, but got '" + text + "': " + why);
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
