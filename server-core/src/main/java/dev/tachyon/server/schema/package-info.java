/**
 * Validation of tool arguments against the tool's {@code inputSchema}. Starting point:
 * {@link dev.tachyon.server.schema.InputSchema}, compiled once when a tool is built. The
 * validator library stays behind it: no type of it appears in a public signature.
 */
package dev.tachyon.server.schema;
