package dev.tachyon.api;

import java.util.List;

/** Produces the contents of a resource when it is read. */
@FunctionalInterface
public interface ResourceHandler {

    /**
     * @return one or more contents (for a directory-like resource, several)
     * @throws McpException to answer with that error (e.g. not found: {@code -32002})
     */
    List<ResourceContents> read(ResourceRequest request) throws Exception;

    /** This handler as a {@link ResourceRequestHandler} whose results always have contents. */
    default ResourceRequestHandler asRequestHandler() {
        return request -> ResourceResult.of(read(request));
    }
}
