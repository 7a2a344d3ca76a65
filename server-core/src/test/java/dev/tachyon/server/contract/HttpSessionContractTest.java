package dev.tachyon.server.contract;

import dev.tachyon.server.testing.McpTestClient;

/** The MCP contract on Streamable HTTP, a 2025-11-25 session. */
class HttpSessionContractTest extends McpContract {

    @Override
    McpTestClient connect() {
        return server.httpSession();
    }
}
