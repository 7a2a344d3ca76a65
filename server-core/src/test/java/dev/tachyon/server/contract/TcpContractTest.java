package dev.tachyon.server.contract;

import dev.tachyon.server.testing.McpTestClient;

/** The MCP contract on TCP (NDJSON over a socket). */
class TcpContractTest extends McpContract {

    @Override
    McpTestClient connect() {
        return server.tcp();
    }
}
