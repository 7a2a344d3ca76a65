package dev.tachyon.api;

/**
 * Produces the contents of a resource when it is read, with access to the client's
 * capabilities and to the answers of earlier rounds, so that it may answer
 * {@link ResourceResult#inputRequired}.
 */
@FunctionalInterface
public interface ResourceRequestHandler {

    /** @throws McpException to answer with that error (e.g. not found) */
    ResourceResult read(ResourceRequest request) throws Exception;
}
