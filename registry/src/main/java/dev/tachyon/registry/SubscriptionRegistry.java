package dev.tachyon.registry;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which subscribers want {@code notifications/resources/updated} for which URI.
 *
 * <p>A subscriber is any object with identity (a session); the same subscriber subscribing
 * twice counts once. Subscribing and unsubscribing are atomic per URI: a set emptied by an
 * unsubscribe is removed under the same bin lock a concurrent subscribe takes, so no
 * subscription lands in a set that has just been dropped. Lookups take no lock.
 */
public final class SubscriptionRegistry<S> {

    private final ConcurrentHashMap<String, Set<S>> byUri = new ConcurrentHashMap<>();

    /** Subscribes {@code subscriber} to {@code uri}. */
    public void subscribe(String uri, S subscriber) {
        byUri.compute(uri, (u, set) -> {
            Set<S> subscribers = set == null ? ConcurrentHashMap.newKeySet() : set;
            subscribers.add(subscriber);
            return subscribers;
        });
    }

    /** Unsubscribes; returns whether it was subscribed. */
    public boolean unsubscribe(String uri, S subscriber) {
        boolean[] removed = new boolean[1];
        byUri.computeIfPresent(uri, (u, set) -> {
            removed[0] = set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
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

    /** The number of URIs with at least one subscriber. */
    public int uriCount() {
        return byUri.size();
    }
}
