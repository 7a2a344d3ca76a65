// The official MCP TypeScript SDK clients over Streamable HTTP on https://: the v1 client
// (@modelcontextprotocol/sdk, a 2025-11-25 session) or the v2 client (@modelcontextprotocol/client,
// negotiating the stateless 2026-07-28 revision), each with the SDK's own transport and Node's
// fetch. The server's CA is trusted through NODE_EXTRA_CA_CERTS (set by the Java test), never by
// turning verification off. Extra request headers (a bearer token: "Authorization: Bearer ...")
// go on every request through the transport's requestInit.headers.
//
//   node sdk-https.mjs v1|v2 URL [--whoami=TEXT] [--expect-status=CODE] ['Name: value' ...]
//
// Runs initialize, tools/list and tools/call; with --whoami, also calls the tool `whoami` and
// checks it answers TEXT (the principal the server saw). With --expect-status (a server with
// OAuth on, a missing or bad token), the connect must fail with the HTTP status the SDK reports
// (v1: StreamableHTTPError.code; v2: SdkHttpError.status, code CLIENT_HTTP_AUTHENTICATION for
// 401), and the server's answer body the SDK carries is printed for the test to read.
// Prints one JSON summary line (see interop-harness.mjs) and exits 0 only when every check passed.

import assert from 'node:assert/strict';
import { harness, only } from './interop-harness.mjs';

const [sdk, url, ...rest] = process.argv.slice(2);
if (!(sdk === 'v1' || sdk === 'v2') || !url?.startsWith('https://')) {
  console.error("usage: node sdk-https.mjs v1|v2 https://HOST:PORT/mcp [--whoami=TEXT] [--expect-status=CODE] ['Name: value' ...]");
  process.exit(2);
}
const option = (name) => rest.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const whoami = option('whoami');
const expectStatus = option('expect-status') === undefined ? undefined : Number(option('expect-status'));
const headers = Object.fromEntries(rest.filter((arg) => !arg.startsWith('--')).map((header) => {
  const colon = header.indexOf(':');
  return [header.slice(0, colon).trim(), header.slice(colon + 1).trim()];
}));

const { check, fail, finish } = harness();
const info = { name: `tachyon-https-${sdk}`, version: '1.0.0' };
let client;
let transport;
if (sdk === 'v1') {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  client = new Client(info, { capabilities: {} });
  transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
} else {
  const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  client = new Client(info, { capabilities: {}, versionNegotiation: { mode: 'auto' } });
  transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
}

if (expectStatus !== undefined) {
  await check(`connect refused with HTTP ${expectStatus}`, async () => {
    const error = await client.connect(transport).then(() => undefined, (e) => e);
    assert.ok(error, 'connect succeeded');
    // v1 puts the status in code and the body in the message; v2 in status and data.text.
    const status = sdk === 'v1' ? error.code : error.status;
    console.log(JSON.stringify({ refused: { name: error.name, code: error.code, status, message: error.message, body: error.data?.text } }));
    assert.equal(status, expectStatus, String(error?.stack ?? error));
    if (sdk === 'v2' && expectStatus === 401) {
      assert.equal(error.code, 'CLIENT_HTTP_AUTHENTICATION');
    }
  });
  await client.close().catch(() => {});
  finish();
  process.exit();
}

try {
  await client.connect(transport);

  await check('initialize over https', async () => {
    assert.equal(client.getServerVersion()?.name, 'tachyon');
    if (sdk === 'v1') {
      assert.ok(transport.sessionId, 'a 2025-11-25 session was opened');
    } else {
      assert.equal(client.getProtocolEra(), 'modern', 'the stateless revision was negotiated');
    }
  });

  await check('tools/list over https', async () => {
    const { tools } = await client.listTools();
    assert.ok(tools.some((tool) => tool.name === 'test_simple_text'), JSON.stringify(tools.map((t) => t.name)));
  });

  await check('tools/call over https', async () => {
    const item = only(await client.callTool({ name: 'test_simple_text', arguments: {} }));
    assert.equal(item.type, 'text');
    assert.ok(item.text.length > 0);
  });

  if (whoami !== undefined) {
    await check('the server saw the expected principal', async () => {
      const item = only(await client.callTool({ name: 'whoami', arguments: {} }));
      assert.equal(item.text, whoami);
    });
  }
} catch (error) {
  // fetch reports a TLS failure as "fetch failed" with the reason (the certificate) in its cause.
  fail('connect over https', error?.cause ? `${error.stack}\ncaused by: ${error.cause.code} ${error.cause.message}` : error);
} finally {
  await client.close().catch(() => {});
  finish();
}
