package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonWritable;
import dev.tachyon.server.Arguments;
import dev.tachyon.server.Dispatch;
import dev.tachyon.server.InvalidArgumentException;
import dev.tachyon.server.McpException;
import dev.tachyon.server.Tool;
import dev.tachyon.server.ToolResult;
import java.util.Map;

/**
 * {@code tools/call}: finds the tool, runs its handler inline or on a worker, and encodes the
 * result. A handler that throws anything but {@link McpException} produces an {@code isError}
 * result naming the failure, so the model sees it (as the spec asks for tool execution errors).
 */
final class ToolMethods {

    private final Catalogs catalogs;
    private final Offload offload;
    private final ClientRequests clientRequests;

    ToolMethods(Catalogs catalogs, Offload offload, ClientRequests clientRequests) {
        this.catalogs = catalogs;
        this.offload = offload;
        this.clientRequests = clientRequests;
    }

    void call(Request request) {
        String name = Params.requireString(request.params, "name");
        Tool tool = catalogs.tools().snapshot().get(name);
        if (tool == null) {
            throw new McpException(dev.tachyon.codec.ErrorCodes.INVALID_PARAMS, "Unknown tool: " + name,
                    Map.of("tool", name));
        }
        Map<String, Object> args = Params.optionalObject(request.params, "arguments");
        ToolCallContext call = new ToolCallContext(request, name, Arguments.of(args),
                Params.progressToken(request.params), clientRequests);
        if (tool.dispatch() == Dispatch.INLINE) {
            callInline(request, tool, call);
        } else {
            offload.submit(request, () -> blockingResult(tool, call));
        }
    }

    private static void callInline(Request request, Tool tool, ToolCallContext call) {
        ContentArrayWriter writer = request.session.resultWriter;
        try {
            request.result(out -> {
                writer.begin(out);
                tool.inlineHandler().call(call, writer);
                writer.finish();
            });
        } catch (McpException e) {
            throw e;
        } catch (RuntimeException e) {
            request.result(failed(tool, e));
        }
    }

    private static JsonWritable blockingResult(Tool tool, ToolCallContext call) throws InterruptedException {
        ToolResult result;
        try {
            result = tool.blockingHandler().call(call);
        } catch (McpException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return failed(tool, e);
        }
        if (result == null) {
            return failed(tool, new IllegalStateException("the handler returned no result"));
        }
        return encoded(result);
    }

    private static JsonWritable failed(Tool tool, Exception e) {
        String message = e instanceof InvalidArgumentException
                ? "Invalid arguments for tool '" + tool.name() + "': " + e.getMessage()
                : "Tool '" + tool.name() + "' failed: " + e;
        return encoded(ToolResult.error(message));
    }

    /** The result as a body; written later on the event loop, so it needs its own writer. */
    private static JsonWritable encoded(ToolResult result) {
        return out -> {
            ContentArrayWriter writer = new ContentArrayWriter();
            writer.begin(out);
            result.writeTo(writer);
            writer.finish();
        };
    }
}
