package dev.tachyon.server.auth;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Refusals by {@link AuthFailure} since start: what {@code tachyon_auth_refusals_total} reads. Thread-safe. */
public final class AuthRefusals {

    private final Map<AuthFailure, LongAdder> counts = new EnumMap<>(AuthFailure.class);

    public AuthRefusals() {
        for (AuthFailure failure : AuthFailure.values()) {
            counts.put(failure, new LongAdder());
        }
    }

    /** Counts one refusal. */
    public void count(AuthFailure failure) {
        counts.get(failure).increment();
    }

    /** Refusals for {@code failure} so far. */
    public long refused(AuthFailure failure) {
        return counts.get(failure).sum();
    }
}
