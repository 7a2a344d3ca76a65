package dev.tachyon.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Collection;
import java.util.Set;

/**
 * The DNS-rebinding protection of {@code /mcp} for other HTTP listeners (the admin port): the
 * same allow-list and the same {@code Host}/{@code Origin} rule, from the same code
 * ({@link HttpSettings} and {@link RequestRules}), so the two cannot drift apart.
 */
public final class HostAllowList {

    private final Set<String> hosts;

    private HostAllowList(Set<String> hosts) {
        this.hosts = hosts;
    }

    /**
     * Loopback names, the bound host (unless a wildcard address) and {@code extra}: what
     * {@code /mcp} allows when bound to {@code boundHost} with {@code extra} as its allowed hosts.
     */
    public static HostAllowList of(String boundHost, Collection<String> extra) {
        Set<String> names = new java.util.HashSet<>(HttpSettings.LOOPBACK_HOSTS);
        names.addAll(extra);
        return new HostAllowList(HttpSettings.builder().host(boundHost).allowedHosts(names).build().allowedHosts());
    }

    /** Whether {@code Host} and {@code Origin}, when present, name an allowed host (ports are not checked). */
    public boolean allows(HttpHeaders headers) {
        return RequestRules.hostAllowed(headers, hosts);
    }

    /** The allowed names: lower case, IPv6 without brackets. */
    public Set<String> hosts() {
        return hosts;
    }
}
