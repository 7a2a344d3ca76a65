package dev.tachyon.server.cli;

/** The help text of the {@code tachyon} command. */
final class Usage {

    static final String TEXT = String.join(System.lineSeparator(),
            "Usage: tachyon <command> [options]",
            "",
            "Commands:",
            "  serve [--tcp HOST:PORT] [--http HOST:PORT] [--stdio] [--admin HOST:PORT]",
            "        [--fixture demo|conformance] [--config FILE]",
            "      Start the server. If any of --tcp, --http, --stdio is given, only the",
            "      transports named start; otherwise the configuration decides. --admin also",
            "      starts the admin endpoint (health, readiness, metrics). The default fixture",
            "      is demo. Write IPv6 hosts in brackets: [::1]:7800.",
            "  config check FILE",
            "      Load FILE as serve would (with TACHYON_* environment variables and",
            "      -Dtachyon.* properties); print OK, or print every problem and exit 1.",
            "  config print [--config FILE]",
            "      Print the effective configuration, one 'key = value  # origin' per line.",
            "  version, --version",
            "      Print the version.",
            "  help, --help, -h",
            "      Print this help.",
            "",
            "Configuration, lowest precedence first: built-in defaults, --config FILE,",
            "TACHYON_* environment variables (TACHYON_TCP_PORT for tachyon.tcp.port),",
            "-Dtachyon.* system properties, serve flags. With bin/tachyon, JVM flags such as",
            "-Dtachyon.tcp.port=7900 go in JAVA_OPTS.",
            "",
            "Exit codes: 0 success, 1 failure (such as an invalid configuration), 2 usage error.",
            "");

    private Usage() {
    }
}
