package dev.tachyon.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A copy-on-write catalog of tools, resources, templates or prompts.
 *
 * <p>Readers take {@link #snapshot()} (one volatile read, no lock) and use it for the whole
 * request; writers build a new snapshot, with its list pages pre-encoded, under the catalog's
 * lock and publish it, then tell the listeners (which send {@code list_changed}). Writes are
 * rare and may be slow; reads are the hot path.
 *
 * <p>Entries are any type: the catalog learns an entry's key (unique within the catalog: a tool
 * or prompt name, a resource URI, a template's URI template) and its listing encoding from the
 * functions given at construction, so the entry types need not know this module.
 */
public final class Catalog<T> {

    private final String listName;
    private final int pageSize;
    private final Function<? super T, String> key;
    private final EntryEncoder<? super T> encoder;
    private final List<Consumer<CatalogSnapshot<T>>> listeners = new CopyOnWriteArrayList<>();
    private volatile CatalogSnapshot<T> current;

    /**
     * @param listName the result member holding the page's items ({@code "tools"}, ...)
     * @param pageSize items per page, at least 1
     * @param key an entry's unique key
     * @param encoder writes an entry as it appears in a list page
     */
    public Catalog(String listName, int pageSize, Function<? super T, String> key, EntryEncoder<? super T> encoder) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1: " + pageSize);
        }
        this.listName = listName;
        this.pageSize = pageSize;
        this.key = Objects.requireNonNull(key, "key");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.current = snapshot(0, new ArrayList<>());
    }

    /** The current version; never null. */
    public CatalogSnapshot<T> snapshot() {
        return current;
    }

    /** Adds an entry, replacing one with the same key in place. */
    public void put(T entry) {
        putAll(List.of(entry));
    }

    /** Adds several entries as one change (one version, one notification). */
    public void putAll(List<? extends T> added) {
        CatalogSnapshot<T> next;
        synchronized (this) {
            List<T> entries = new ArrayList<>(current.entries());
            for (T entry : added) {
                int existing = indexOf(entries, key.apply(entry));
                if (existing >= 0) {
                    entries.set(existing, entry);
                } else {
                    entries.add(entry);
                }
            }
            next = publish(entries);
        }
        notifyListeners(next);
    }

    /** Removes the entry with this key; returns whether there was one. */
    public boolean remove(String key) {
        CatalogSnapshot<T> next;
        synchronized (this) {
            List<T> entries = new ArrayList<>(current.entries());
            int existing = indexOf(entries, key);
            if (existing < 0) {
                return false;
            }
            entries.remove(existing);
            next = publish(entries);
        }
        notifyListeners(next);
        return true;
    }

    /** Calls {@code listener} with every new snapshot after it is published. */
    public void onChange(Consumer<CatalogSnapshot<T>> listener) {
        listeners.add(listener);
    }

    private CatalogSnapshot<T> publish(List<T> entries) {
        CatalogSnapshot<T> next = snapshot(current.version() + 1, entries);
        current = next;
        return next;
    }

    private CatalogSnapshot<T> snapshot(long version, List<T> entries) {
        return new CatalogSnapshot<>(version, entries, listName, pageSize, key, encoder);
    }

    private void notifyListeners(CatalogSnapshot<T> next) {
        for (Consumer<CatalogSnapshot<T>> listener : listeners) {
            listener.accept(next);
        }
    }

    private int indexOf(List<T> entries, String wanted) {
        for (int i = 0; i < entries.size(); i++) {
            if (key.apply(entries.get(i)).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }
}
