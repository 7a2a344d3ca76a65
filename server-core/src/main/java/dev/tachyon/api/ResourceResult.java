package dev.tachyon.api;

import java.util.List;
import java.util.Objects;

/** The answer to {@code resources/read} from a {@link ResourceRequestHandler}: contents, or input required. Immutable. */
public final class ResourceResult {

    private final List<ResourceContents> contents;
    private final InputRequired inputRequired;

    private ResourceResult(List<ResourceContents> contents, InputRequired inputRequired) {
        this.contents = contents;
        this.inputRequired = inputRequired;
    }

    /** These contents (one or more). */
    public static ResourceResult of(List<ResourceContents> contents) {
        return new ResourceResult(List.copyOf(contents), null);
    }

    public static ResourceResult of(ResourceContents... contents) {
        return of(List.of(contents));
    }

    /** Not yet: the read needs this from the client first (see {@link InputRequired}). */
    public static ResourceResult inputRequired(InputRequired request) {
        return new ResourceResult(List.of(), Objects.requireNonNull(request, "request"));
    }

    public List<ResourceContents> contents() {
        return contents;
    }

    /** What the read waits for, or null when it has its contents. */
    public InputRequired inputRequired() {
        return inputRequired;
    }
}
