package dev.tachyon.server.contract;

import dev.tachyon.server.testing.McpTestClient;

/** The MCP contract on Streamable HTTP, the stateless 2026-07-28 revision. */
class HttpStatelessContractTest extends McpContract {

    @Override
    McpTestClient connect() {
        return server.httpStateless();
    }

    /** The 2026-07-28 revision answers an unknown resource with {@code -32602} (its data names the URI as before). */
    @Override
    long resourceNotFoundCode() {
        return -32602L;
    }
}
