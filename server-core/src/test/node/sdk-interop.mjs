// Interoperability check: the official MCP TypeScript SDK client against a Tachyon server
// serving the conformance fixture, over raw TCP (newline-delimited JSON-RPC, through the small
// transport in ndjson-tcp-transport.mjs) or over Streamable HTTP (the SDK's own transport).
//
//   node sdk-interop.mjs tcp HOST PORT
//   node sdk-interop.mjs http URL
//
// Prints one JSON summary line on stdout ({"ok":..., "passed":[...], "failed":[...]}) and exits
// 0 only when every check passed. Run by the TypeScript SDK interop tests with the pinned Node 22.

import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { harness, only } from './interop-harness.mjs';
import { NdjsonTcpTransport } from './ndjson-tcp-transport.mjs';

const [mode, first, second] = process.argv.slice(2);
const host = first;
const port = Number(second);
if (!((mode === 'tcp' && host && Number.isInteger(port) && port > 0) || (mode === 'http' && first))) {
  console.error('usage: node sdk-interop.mjs tcp HOST PORT | node sdk-interop.mjs http URL');
  process.exit(2);
}

const { check, fail, finish } = harness();

function isPng(base64) {
  const bytes = Buffer.from(base64, 'base64');
  return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const client = new Client(
  { name: `tachyon-${mode}-interop`, version: '1.0.0' },
  { capabilities: { sampling: {}, elicitation: { form: {} } } },
);

const samplingRequests = [];
client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
  samplingRequests.push(request.params);
  const prompt = request.params.messages[0]?.content?.text ?? '';
  return {
    role: 'assistant',
    content: { type: 'text', text: `answer to: ${prompt}` },
    model: 'interop-test-model',
    stopReason: 'endTurn',
  };
});

const elicitationRequests = [];
client.setRequestHandler(ElicitRequestSchema, async (request) => {
  elicitationRequests.push(request.params);
  const properties = request.params.requestedSchema?.properties ?? {};
  if ('username' in properties) {
    return { action: 'accept', content: { username: 'interop-user', email: 'interop@example.com' } };
  }
  if ('verified' in properties) {
    return { action: 'accept', content: { name: 'Jane Smith', age: 25, score: 88.5, status: 'inactive', verified: false } };
  }
  return { action: 'decline' };
});

const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
  logs.push(notification.params);
});

const transport = mode === 'tcp' ? new NdjsonTcpTransport(host, port) : new StreamableHTTPClientTransport(new URL(first));

try {
  await client.connect(transport);

  await check('initialize', async () => {
    assert.equal(client.getServerVersion()?.name, 'tachyon');
    const capabilities = client.getServerCapabilities();
    for (const capability of ['tools', 'resources', 'prompts', 'logging', 'completions']) {
      assert.ok(capabilities?.[capability], `server declares ${capability}`);
    }
    assert.equal(capabilities.resources.subscribe, true);
  });

  await check('ping', async () => {
    assert.deepEqual(await client.ping(), {});
  });

  await check('tools/list', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    for (const name of [
      'test_simple_text', 'test_image_content', 'test_audio_content', 'test_embedded_resource',
      'test_multiple_content_types', 'test_tool_with_logging', 'test_error_handling', 'test_tool_with_progress',
      'test_sampling', 'test_elicitation', 'test_elicitation_sep1034_defaults', 'test_elicitation_sep1330_enums',
      'json_schema_2020_12_tool', 'test_reconnection',
    ]) {
      assert.ok(names.includes(name), `lists ${name}`);
    }
    for (const tool of tools) {
      assert.ok(tool.description, `${tool.name} has a description`);
      assert.equal(tool.inputSchema.type, 'object', `${tool.name} schema root is an object`);
    }
    const schema = tools.find((tool) => tool.name === 'json_schema_2020_12_tool').inputSchema;
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.$defs.address.$anchor, 'addressDef');
    assert.equal(schema.additionalProperties, false);
    assert.ok(Array.isArray(schema.allOf[0].anyOf));
    assert.ok(schema.if && schema.then && schema.else);
  });

  await check('tools/call test_simple_text', async () => {
    const item = only(await client.callTool({ name: 'test_simple_text' }));
    assert.equal(item.type, 'text');
    assert.ok(item.text.length > 0);
  });

  await check('tools/call test_image_content', async () => {
    const item = only(await client.callTool({ name: 'test_image_content', arguments: {} }));
    assert.equal(item.type, 'image');
    assert.equal(item.mimeType, 'image/png');
    assert.ok(isPng(item.data));
  });

  await check('tools/call test_audio_content', async () => {
    const item = only(await client.callTool({ name: 'test_audio_content', arguments: {} }));
    assert.equal(item.type, 'audio');
    assert.equal(item.mimeType, 'audio/wav');
    assert.equal(Buffer.from(item.data, 'base64').subarray(0, 4).toString('latin1'), 'RIFF');
  });

  await check('tools/call test_embedded_resource', async () => {
    const item = only(await client.callTool({ name: 'test_embedded_resource', arguments: {} }));
    assert.equal(item.type, 'resource');
    assert.equal(item.resource.uri, 'test://embedded-resource');
    assert.equal(item.resource.mimeType, 'text/plain');
    assert.ok(item.resource.text.length > 0);
  });

  await check('tools/call test_multiple_content_types', async () => {
    const { content } = await client.callTool({ name: 'test_multiple_content_types', arguments: {} });
    assert.deepEqual(content.map((item) => item.type), ['text', 'image', 'resource']);
    assert.equal(content[2].resource.uri, 'test://mixed-content-resource');
    assert.deepEqual(JSON.parse(content[2].resource.text), { test: 'data', value: 123 });
  });

  await check('tools/call test_error_handling', async () => {
    const result = await client.callTool({ name: 'test_error_handling', arguments: {} });
    assert.equal(result.isError, true);
    assert.ok(result.content[0].text.length > 0);
  });

  await check('logging/setLevel + test_tool_with_logging', async () => {
    await client.setLoggingLevel('debug');
    logs.length = 0;
    const result = await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
    await nextTurn();
    assert.notEqual(result.isError, true);
    assert.ok(logs.length >= 3, `3 log messages before the result, got ${JSON.stringify(logs)}`);
    assert.ok(logs.every((log) => log.level === 'info'));
  });

  await check('progress test_tool_with_progress', async () => {
    const progress = [];
    const result = await client.callTool(
      { name: 'test_tool_with_progress', arguments: {} },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    assert.notEqual(result.isError, true);
    assert.ok(progress.length >= 3, `3 progress notifications, got ${JSON.stringify(progress)}`);
    for (let i = 1; i < progress.length; i++) {
      assert.ok(progress[i].progress >= progress[i - 1].progress, 'progress does not go down');
    }
    assert.equal(progress.at(-1).progress, 100);
    assert.equal(progress.at(-1).total, 100);
  });

  await check('sampling test_sampling', async () => {
    samplingRequests.length = 0;
    const item = only(await client.callTool({ name: 'test_sampling', arguments: { prompt: 'What is 2+2?' } }));
    assert.ok(item.text.includes('answer to: What is 2+2?'), item.text);
    assert.equal(samplingRequests.length, 1);
    assert.equal(samplingRequests[0].maxTokens, 100);
    assert.equal(samplingRequests[0].messages[0].role, 'user');
  });

  await check('elicitation test_elicitation', async () => {
    elicitationRequests.length = 0;
    const item = only(await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } }));
    assert.ok(item.text.includes('accept') && item.text.includes('interop-user'), item.text);
    assert.equal(elicitationRequests[0].message, 'Who are you?');
    assert.deepEqual(elicitationRequests[0].requestedSchema.required, ['username', 'email']);
  });

  await check('elicitation test_elicitation_sep1034_defaults', async () => {
    elicitationRequests.length = 0;
    const item = only(await client.callTool({ name: 'test_elicitation_sep1034_defaults', arguments: {} }));
    assert.ok(item.text.includes('Jane Smith'), item.text);
    const properties = elicitationRequests[0].requestedSchema.properties;
    assert.equal(properties.name.default, 'John Doe');
    assert.equal(properties.age.default, 30);
    assert.equal(properties.score.default, 95.5);
    assert.equal(properties.status.default, 'active');
    assert.equal(properties.verified.default, true);
  });

  await check('elicitation test_elicitation_sep1330_enums', async () => {
    elicitationRequests.length = 0;
    const item = only(await client.callTool({ name: 'test_elicitation_sep1330_enums', arguments: {} }));
    assert.ok(item.text.includes('decline'), item.text);
    const properties = elicitationRequests[0].requestedSchema.properties;
    assert.deepEqual(properties.untitledSingle.enum, ['option1', 'option2', 'option3']);
    assert.equal(properties.titledSingle.oneOf.length, 3);
    assert.equal(properties.legacyEnum.enumNames.length, 3);
    assert.equal(properties.untitledMulti.items.enum.length, 3);
    assert.equal(properties.titledMulti.items.anyOf.length, 3);
  });

  await check('tools/call test_reconnection', async () => {
    const item = only(await client.callTool({ name: 'test_reconnection', arguments: {} }));
    assert.ok(item.text.length > 0);
  });

  await check('tools/call unknown tool', async () => {
    await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }),
      (error) => error instanceof McpError && error.code === -32602);
  });

  await check('resources/list', async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((resource) => resource.uri);
    for (const uri of ['test://static-text', 'test://static-binary', 'test://watched-resource']) {
      assert.ok(uris.includes(uri), `lists ${uri}`);
    }
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.ok(resourceTemplates.some((t) => t.uriTemplate === 'test://template/{id}/data'));
  });

  await check('resources/read text', async () => {
    const { contents } = await client.readResource({ uri: 'test://static-text' });
    assert.deepEqual(contents, [{
      uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.',
    }]);
  });

  await check('resources/read binary', async () => {
    const { contents } = await client.readResource({ uri: 'test://static-binary' });
    assert.equal(contents[0].mimeType, 'image/png');
    assert.ok(isPng(contents[0].blob));
  });

  await check('resources/read template', async () => {
    const { contents } = await client.readResource({ uri: 'test://template/123/data' });
    assert.deepEqual(JSON.parse(contents[0].text), { id: '123', templateTest: true, data: 'Data for ID: 123' });
  });

  await check('resources/read unknown', async () => {
    const uri = 'test://nonexistent-resource-for-conformance-testing';
    await assert.rejects(client.readResource({ uri }),
      (error) => error instanceof McpError && error.code === -32002 && error.data?.uri === uri);
  });

  await check('resources/subscribe + unsubscribe', async () => {
    assert.deepEqual(await client.subscribeResource({ uri: 'test://watched-resource' }), {});
    assert.deepEqual(await client.unsubscribeResource({ uri: 'test://watched-resource' }), {});
  });

  await check('prompts/list', async () => {
    const { prompts } = await client.listPrompts();
    assert.deepEqual(prompts.map((p) => p.name), [
      'test_simple_prompt', 'test_prompt_with_arguments', 'test_prompt_with_embedded_resource', 'test_prompt_with_image',
      'test_input_required_result_prompt',
    ]);
    assert.ok(prompts.every((p) => p.description));
  });

  await check('prompts/get', async () => {
    const simple = await client.getPrompt({ name: 'test_simple_prompt' });
    assert.equal(simple.messages[0].content.text, 'This is a simple prompt for testing.');
    const withArgs = await client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'hello', arg2: 'world' } });
    assert.equal(withArgs.messages[0].content.text, "Prompt with arguments: arg1='hello', arg2='world'");
    const embedded = await client.getPrompt({
      name: 'test_prompt_with_embedded_resource', arguments: { resourceUri: 'test://example-resource' },
    });
    assert.equal(embedded.messages[0].content.type, 'resource');
    assert.equal(embedded.messages[0].content.resource.uri, 'test://example-resource');
    const image = await client.getPrompt({ name: 'test_prompt_with_image' });
    assert.ok(image.messages.some((m) => m.content.type === 'image' && isPng(m.content.data)));
  });

  await check('completion/complete', async () => {
    const { completion } = await client.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'par' },
    });
    assert.deepEqual(completion.values, ['paris', 'park', 'party']);
  });

  await check('pipelined concurrent calls', async () => {
    const progressSeen = [];
    const calls = [];
    for (let i = 0; i < 16; i++) {
      calls.push(client.readResource({ uri: `test://template/${i}/data` })
        .then(({ contents }) => assert.equal(JSON.parse(contents[0].text).id, String(i))));
      calls.push(client.callTool({ name: 'test_simple_text' }).then((r) => assert.equal(only(r).type, 'text')));
    }
    calls.push(client.callTool({ name: 'test_sampling', arguments: { prompt: 'concurrent' } })
      .then((r) => assert.ok(only(r).text.includes('answer to: concurrent'))));
    calls.push(client.callTool({ name: 'test_elicitation', arguments: { message: 'concurrent' } })
      .then((r) => assert.ok(only(r).text.includes('interop-user'))));
    calls.push(client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined,
      { onprogress: (p) => progressSeen.push(p) }).then(() => assert.ok(progressSeen.length >= 3)));
    calls.push(client.callTool({ name: 'test_reconnection', arguments: {} }).then((r) => assert.ok(only(r).text)));
    calls.push(client.callTool({ name: 'test_image_content', arguments: {} }).then((r) => assert.ok(isPng(only(r).data))));
    calls.push(client.ping().then((r) => assert.deepEqual(r, {})));
    await Promise.all(calls);
  });
} catch (error) {
  fail('connect', error);
} finally {
  try {
    await client.close();
  } catch {
    // closing is best effort; the summary below is what counts
  }
}

finish();
