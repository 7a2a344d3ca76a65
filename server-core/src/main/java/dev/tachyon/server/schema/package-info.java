/**
 * Validation of tool arguments against the tool's {@code inputSchema}. Starting point:
 * {@link dev.tachyon.server.schema.InputSchema}: the tool's builder compiles it to refuse a bad
 * schema where it is written, and the engine compiles it once more when the tool is registered
 * and keeps it with the tool ({@code engine.ToolEntry}); a schema of plain keywords is vouched
 * for by {@link dev.tachyon.server.schema.SchemaSyntax} and its validator compiled in the
 * background ({@link dev.tachyon.server.schema.CompiledSchema}), for a stdio server's cold start; {@link dev.tachyon.server.schema.MirroredParameters}
 * reads its {@code x-mcp-header} annotations. The validator library stays behind it: no type of
 * it appears in a public signature.
 */
package dev.tachyon.server.schema;
