package dev.tachyon.server.auth;

import dev.tachyon.api.Principal;
import java.util.Objects;

/**
 * What checking a request's token came to: its principal, or why it was refused (with a
 * description for the client that never repeats the token).
 */
public final class AuthOutcome {

    private final Principal principal;
    private final AuthFailure failure;
    private final String description;

    private AuthOutcome(Principal principal, AuthFailure failure, String description) {
        this.principal = principal;
        this.failure = failure;
        this.description = description;
    }

    static AuthOutcome accepted(Principal principal) {
        return new AuthOutcome(Objects.requireNonNull(principal), null, null);
    }

    /** A refusal for {@code failure}, told to the client as {@code description}. */
    public static AuthOutcome refused(AuthFailure failure, String description) {
        return new AuthOutcome(null, Objects.requireNonNull(failure), description);
    }

    public boolean ok() {
        return principal != null;
    }

    /** The authenticated principal; null when refused. */
    public Principal principal() {
        return principal;
    }

    /** Why it was refused; null when accepted. */
    public AuthFailure failure() {
        return failure;
    }

    /** The {@code error_description}; null when accepted. */
    public String description() {
        return description;
    }
}
