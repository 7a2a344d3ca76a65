package dev.tachyon.server.http;

import dev.tachyon.server.engine.McpEngine;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The header rules of the Streamable HTTP transport (MCP 2025-11-25), as pure functions over
 * request headers: content negotiation, the protocol version header, and the Host/Origin
 * allow-list that protects local servers from DNS rebinding.
 */
final class RequestRules {

    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream";
    static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    static final String LAST_EVENT_ID = "Last-Event-ID";

    /**
     * Revisions whose {@code MCP-Protocol-Version} header a session's requests may carry: exactly
     * those {@code initialize} negotiates, so that no session runs under a revision it could not
     * have agreed on (2025-03-26 is not one: its sessions and batches differ). Anything else is
     * answered 400 with this list.
     */
    static final Set<String> SUPPORTED_VERSIONS = Set.copyOf(McpEngine.sessionVersions());

    private RequestRules() {
    }

    /**
     * Whether the {@code Accept} header lists {@code mediaType} itself (the transport spec asks
     * clients to list the types; wildcards do not count) with a non-zero quality.
     */
    static boolean accepts(HttpHeaders headers, String mediaType) {
        // Read in place, range by range: every POST asks this twice, and splitting the header into
        // Strings was about 4% of a JFR profile of the HTTP echo.
        Iterator<String> values = headers.valueStringIterator(HttpHeaderNames.ACCEPT);
        while (values.hasNext()) {
            if (acceptsIn(values.next(), mediaType)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the one {@code Accept} value {@code value} lists {@code mediaType}, as {@link #accepts}. */
    static boolean acceptsIn(String value, String mediaType) {
        int from = 0;
        for (;;) {
            int comma = value.indexOf(',', from);
            int to = comma < 0 ? value.length() : comma;
            if (lists(value, from, to, mediaType)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            from = comma + 1;
        }
    }

    /** Whether the media range {@code value[from, to)} is {@code mediaType} (any case) with a non-zero quality. */
    private static boolean lists(String value, int from, int to, String mediaType) {
        int semicolon = value.indexOf(';', from);
        int typeEnd = semicolon < 0 || semicolon > to ? to : semicolon;
        int start = from;
        int end = typeEnd;
        while (start < end && value.charAt(start) <= ' ') { // as String.trim
            start++;
        }
        while (end > start && value.charAt(end - 1) <= ' ') {
            end--;
        }
        return end - start == mediaType.length() && value.regionMatches(true, start, mediaType, 0, end - start)
                && QualityValue.of(value, from, to) > 0;
    }

    /** Whether the body is declared {@code application/json} (parameters such as charset allowed). */
    static boolean isJson(HttpHeaders headers) {
        return isJson(headers.get(HttpHeaderNames.CONTENT_TYPE));
    }

    /** Whether the {@code Content-Type} value {@code value} (null: absent) is {@code application/json}. */
    static boolean isJson(String value) {
        if (value == null) {
            return false;
        }
        if (value.equals(JSON)) {
            return true; // as nearly every client sends it: no copy, no trim
        }
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().equalsIgnoreCase(JSON);
    }

    /** Whether the {@code MCP-Protocol-Version} header is absent or names a supported revision. */
    static boolean versionAcceptable(HttpHeaders headers) {
        return versionAcceptable(headers.get(PROTOCOL_VERSION));
    }

    /** Whether the {@code MCP-Protocol-Version} value {@code version} (null: absent) names a supported revision. */
    static boolean versionAcceptable(String version) {
        return version == null || SUPPORTED_VERSIONS.contains(version.trim());
    }

    /**
     * Whether {@code Host} and {@code Origin}, when present, name an allowed host (the port is
     * not checked). An {@code Origin} of {@code null} or one that cannot be parsed is refused.
     */
    static boolean hostAllowed(HttpHeaders headers, Set<String> allowed) {
        return hostAllowed(headers.get(HttpHeaderNames.HOST), headers.get(HttpHeaderNames.ORIGIN), allowed);
    }

    /** {@link #hostAllowed(HttpHeaders, Set)} of the two values (null: absent). */
    static boolean hostAllowed(String host, String origin, Set<String> allowed) {
        if (host != null && !allowed.contains(hostName(host))) {
            return false;
        }
        if (origin != null) {
            String name = originHost(origin);
            return name != null && allowed.contains(name);
        }
        return true;
    }

    /** The host of a {@code Host} header value: without the port, lower case, IPv6 without brackets. */
    static String hostName(String authority) {
        String a = authority.trim();
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            return close < 0 ? a.toLowerCase(Locale.ROOT) : HttpSettings.normalizeHost(a.substring(0, close + 1));
        }
        int colon = a.indexOf(':');
        if (colon >= 0 && colon == a.lastIndexOf(':')) {
            a = a.substring(0, colon); // host:port (a bare IPv6 address has several colons)
        }
        return HttpSettings.normalizeHost(a);
    }

    /** The host of an {@code Origin} ({@code scheme://host[:port]}), or null when it has none. */
    static String originHost(String origin) {
        String o = origin.trim();
        int scheme = o.indexOf("://");
        if (scheme <= 0) {
            return null; // includes the opaque origin "null"
        }
        String authority = o.substring(scheme + 3);
        int slash = authority.indexOf('/');
        if (slash >= 0) {
            authority = authority.substring(0, slash);
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        return authority.isEmpty() ? null : hostName(authority);
    }
}
