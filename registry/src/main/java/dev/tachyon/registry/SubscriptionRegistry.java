package dev.tachyon.registry;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which subscribers want {@code notifications/resources/updated} for which URI.
 *
 * <p>Striped by URI. A subscriber is any object with identity (a session); the same
 * subscriber subscribing twice counts once.
 */
public final class SubscriptionRegistry<S> {

    private final StripedRegistry<String, Set<S>> byUri;

    public SubscriptionRegistry(int stripes) {
        this.byUri = new StripedRegistry<>(stripes);
    }

    /** Subscribes {@code subscriber} to {@code uri}. */
    public void subscribe(String uri, S subscriber) {
        byUri.computeIfAbsent(uri, u -> ConcurrentHashMap.newKeySet()).add(subscriber);
    }

    /** Unsubscribes; returns whether it was subscribed. */
    public boolean unsubscribe(String uri, S subscriber) {
        Set<S> set = byUri.get(uri);
        if (set == null) {
            return false;
        }
        boolean removed = set.remove(subscriber);
        if (set.isEmpty()) {
            byUri.remove(uri, set);
        }
        return removed;
    }

    /** The subscribers of {@code uri} now (a copy). */
    public List<S> subscribers(String uri) {
        Set<S> set = byUri.get(uri);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Removes {@code subscriber} from every URI in {@code uris} (when its session ends). */
    public void unsubscribeAll(Iterable<String> uris, S subscriber) {
        for (String uri : uris) {
            unsubscribe(uri, subscriber);
        }
    }
}
