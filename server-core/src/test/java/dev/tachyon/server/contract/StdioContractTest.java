package dev.tachyon.server.contract;

import dev.tachyon.server.testing.McpTestClient;

/** The MCP contract on stdio (NDJSON on the stdio transport). */
class StdioContractTest extends McpContract {

    @Override
    McpTestClient connect() {
        return server.stdio();
    }
}
