// Interoperability check of the stateless revision (2026-07-28): the official MCP TypeScript
// SDK v2 client (@modelcontextprotocol/client) against a Tachyon server serving the
// conformance fixture, over raw TCP (newline-delimited JSON-RPC, through the transport in
// ndjson-tcp-transport.mjs) or over Streamable HTTP (the SDK's own transport). The client
// negotiates the era itself (versionNegotiation 'auto': server/discover first) and must land on
// 2026-07-28; a second client on the SDK's default legacy posture must still get a 2025 session
// from the same server.
//
//   node sdk-v2-interop.mjs tcp HOST PORT
//   node sdk-v2-interop.mjs http URL
//
// Prints one JSON summary line (see interop-harness.mjs) and exits 0 only when every check passed.

import assert from 'node:assert/strict';
import {
  Client, LOG_LEVEL_META_KEY, RELATED_TASK_META_KEY, StreamableHTTPClientTransport, specTypeSchemas,
} from '@modelcontextprotocol/client';
import { harness, only } from './interop-harness.mjs';
import { NdjsonTcpTransport } from './ndjson-tcp-transport.mjs';

const [mode, first, second] = process.argv.slice(2);
if (!((mode === 'tcp' && first && Number.isInteger(Number(second))) || (mode === 'http' && first))) {
  console.error('usage: node sdk-v2-interop.mjs tcp HOST PORT | node sdk-v2-interop.mjs http URL');
  process.exit(2);
}

const { check, fail, finish } = harness();
const transport = () => (mode === 'tcp' ? new NdjsonTcpTransport(first, Number(second))
  : new StreamableHTTPClientTransport(new URL(first)));

/** A client answering every input request the fixture makes, on the era it negotiates. */
function client(capabilities, versionNegotiation) {
  const c = new Client({ name: `tachyon-${mode}-v2-interop`, version: '1.0.0' }, { capabilities, versionNegotiation });
  if (capabilities.elicitation) {
    c.setRequestHandler('elicitation/create', async () => ({
      action: 'accept', content: { name: 'Ada', ok: true, color: 'green', context: 'interop' },
    }));
  }
  if (capabilities.sampling) {
    c.setRequestHandler('sampling/createMessage', async (request) => ({
      role: 'assistant', model: 'interop-model',
      content: { type: 'text', text: `answer to: ${request.params.messages[0]?.content?.text}` },
    }));
  }
  if (capabilities.roots) {
    c.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///interop', name: 'interop' }] }));
  }
  return c;
}

const modern = client({ sampling: {}, elicitation: { form: {} }, roots: {} }, { mode: 'auto' });
try {
  await modern.connect(transport());

  await check('negotiates 2026-07-28 with server/discover', async () => {
    assert.equal(modern.getProtocolEra(), 'modern');
    assert.equal(modern.getServerVersion()?.name, 'tachyon');
    assert.equal(modern.getServerCapabilities()?.tools?.listChanged, true);
  });

  await check('tools/list, first tool with {}', async () => {
    const { tools } = await modern.listTools();
    assert.equal(tools[0].name, 'test_simple_text');
    assert.ok(tools.some((tool) => tool.name === 'test_x_mcp_header'));
    assert.equal(only(await modern.callTool({ name: tools[0].name, arguments: {} })).type, 'text');
  });

  await check('input required: elicitation, sampling, roots at once', async () => {
    const text = only(await modern.callTool({ name: 'test_input_required_result_multiple_inputs', arguments: {} })).text;
    assert.ok(text.startsWith('Got everything: name=Ada, greeting=answer to: Generate a greeting'), text);
    assert.ok(text.includes('file:///interop'), text);
  });

  await check('input required: two rounds told apart by state', async () => {
    const result = await modern.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
    assert.equal(only(result).text, 'Ada likes green');
  });

  await check('input required: sealed request state', async () => {
    const result = await modern.callTool({ name: 'test_input_required_result_request_state', arguments: {} });
    assert.ok(only(result).text.startsWith('state-ok'));
  });

  await check('input required: prompts/get', async () => {
    const { messages } = await modern.getPrompt({ name: 'test_input_required_result_prompt' });
    assert.equal(messages[0].content.text, 'Answer with this context in mind: interop');
  });

  await check('mirrored x-mcp-header argument', async () => {
    const result = await modern.callTool({ name: 'test_x_mcp_header', arguments: { region: 'eu-west-1' } });
    assert.equal(only(result).text, 'Region: eu-west-1');
  });

  await check('logs only with a per-request log level', async () => {
    const logs = [];
    modern.setNotificationHandler('notifications/message', (notification) => logs.push(notification.params));
    await modern.callTool({ name: 'test_logging_tool', arguments: {} });
    assert.equal(logs.length, 0);
    await modern.callTool({ name: 'test_logging_tool', arguments: {}, _meta: { [LOG_LEVEL_META_KEY]: 'info' } });
    assert.equal(logs.length, 3);
  });

  await check('resources/read, unknown resource -32602 with data.uri', async () => {
    const { contents } = await modern.readResource({ uri: 'test://static-text' });
    assert.equal(contents[0].text, 'This is the content of the static text resource.');
    const uri = 'test://nonexistent';
    await assert.rejects(modern.readResource({ uri }), (error) => error.code === -32602 && error.data?.uri === uri);
  });

  await check('subscriptions/listen gets the list changes it asked for', async () => {
    const changes = [];
    modern.setNotificationHandler('notifications/tools/list_changed', (n) => changes.push(n));
    modern.setNotificationHandler('notifications/prompts/list_changed', (n) => changes.push(n));
    const subscription = await modern.listen({ toolsListChanged: true });
    assert.deepEqual(subscription.honoredFilter, { toolsListChanged: true });
    await modern.callTool({ name: 'test_trigger_prompt_change', arguments: {} });
    await modern.callTool({ name: 'test_trigger_tool_change', arguments: {} });
    for (let i = 0; i < 100 && changes.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(changes.length, 1, JSON.stringify(changes));
    assert.equal(changes[0].method, 'notifications/tools/list_changed');
    await subscription.close();
  });

  await check('a client without sampling gets -32021', async () => {
    const bare = client({}, { mode: { pin: '2026-07-28' } });
    await bare.connect(transport());
    try {
      await assert.rejects(bare.callTool({ name: 'test_missing_capability', arguments: {} }),
        (error) => error.code === -32021 && error.data?.requiredCapabilities?.sampling !== undefined);
    } finally {
      await bare.close();
    }
  });

  await check('the same server still speaks 2025-11-25 to a legacy client', async () => {
    const legacy = client({ elicitation: { form: {} } }, undefined);
    await legacy.connect(transport());
    try {
      assert.equal(legacy.getProtocolEra(), 'legacy');
      const result = await legacy.callTool({ name: 'test_input_required_result_elicitation', arguments: {} });
      assert.equal(only(result).text, 'Hello, Ada!', 'in a session the server asks the client itself');
    } finally {
      await legacy.close();
    }
  });

  // The v2 client has no task helpers, but it knows the 2025-11-25 task messages: each request
  // below is checked against the SDK's own schema of its result.
  await check('2025-11-25 tasks: a task-augmented call, tasks/get, tasks/result, tasks/list, tasks/cancel', async () => {
    const legacy = client({}, undefined);
    await legacy.connect(transport());
    try {
      assert.equal(legacy.getProtocolEra(), 'legacy');
      assert.deepEqual(legacy.getServerCapabilities()?.tasks?.requests, { tools: { call: {} } });
      const { tools } = await legacy.listTools();
      assert.equal(tools.find((t) => t.name === 'slow_compute')?.execution?.taskSupport, 'optional');
      const created = await legacy.request({ method: 'tools/call', params: {
        name: 'slow_compute', arguments: { seconds: 0.3, label: 'v2' }, task: { ttl: 60000 } } },
      specTypeSchemas.CreateTaskResult);
      const { taskId } = created.task;
      assert.equal(created.task.status, 'working');
      const polled = await legacy.request({ method: 'tasks/get', params: { taskId } }, specTypeSchemas.GetTaskResult);
      assert.equal(polled.taskId, taskId);
      const result = await legacy.request({ method: 'tasks/result', params: { taskId } },
        specTypeSchemas.GetTaskPayloadResult);
      assert.equal(result._meta?.[RELATED_TASK_META_KEY]?.taskId, taskId);
      assert.match(JSON.stringify(result.content), /v2/);
      const listed = await legacy.request({ method: 'tasks/list', params: {} }, specTypeSchemas.ListTasksResult);
      assert.ok(listed.tasks.some((t) => t.taskId === taskId && t.status === 'completed'));
      await assert.rejects(legacy.request({ method: 'tasks/cancel', params: { taskId } }, specTypeSchemas.CancelTaskResult),
        (error) => error.code === -32602, 'a completed task refuses cancel');
    } finally {
      await legacy.close();
    }
  });
} catch (error) {
  fail('connect', error);
} finally {
  try {
    await modern.close();
  } catch {
    // closing is best effort; the summary is what counts
  }
}

finish();
