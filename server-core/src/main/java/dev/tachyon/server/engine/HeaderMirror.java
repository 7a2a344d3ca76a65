package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.McpMethod;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Tool;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The 2026-07-28 rule that mirrored headers agree with the body: {@code Mcp-Method} with
 * {@code method}, {@code Mcp-Name} with {@code params.name} (or {@code params.uri}, or
 * {@code params.taskId} for the tasks extension's methods), and each
 * {@code Mcp-Param-<Name>} with the tool argument whose schema carries
 * {@code "x-mcp-header": "<Name>"}. Any disagreement, a missing header the body calls for, or a
 * malformed value is {@code -32020} (HTTP 400).
 *
 * <p>Values are compared case-sensitively. A value of the form {@code =?base64?...?=} is
 * Base64 of UTF-8 and is decoded strictly: padding is required, only the standard alphabet is
 * allowed, and the bytes must be valid UTF-8. Any other value is taken literally and must be
 * visible ASCII, space or tab.
 */
final class HeaderMirror {

    private static final String BASE64_PREFIX = "=?base64?";
    private static final String BASE64_SUFFIX = "?=";

    private HeaderMirror() {
    }

    /** Checks {@code Mcp-Method}; before the method is looked up, so it applies to unknown methods too. */
    static void checkMethod(MessageHeaders headers, String method) {
        String header = headers.method();
        if (header == null) {
            throw mismatch("the Mcp-Method header is required");
        }
        if (!header.equals(method)) {
            throw mismatch("Mcp-Method header '" + header + "' does not match the body's method '" + method + "'");
        }
    }

    /** Checks {@code Mcp-Name} and, for {@code tools/call}, the {@code Mcp-Param-*} headers. */
    static void checkNameAndParams(MessageHeaders headers, McpMethod method, Map<String, Object> params,
            Catalogs catalogs) {
        String member;
        switch (method) {
            case TOOLS_CALL:
            case PROMPTS_GET:
                member = "name";
                break;
            case RESOURCES_READ:
                member = "uri";
                break;
            case TASKS_GET:
            case TASKS_UPDATE:
            case TASKS_CANCEL:
                member = "taskId"; // so that a balancer routes a task's requests to the instance holding it
                break;
            default:
                return;
        }
        Object body = params.get(member);
        String header = headers.name();
        if (header == null) {
            if (body != null) {
                throw mismatch("the Mcp-Name header is required for " + method.methodName());
            }
            return;
        }
        if (!(body instanceof String) || !decode(header, "Mcp-Name").equals(body)) {
            throw mismatch("Mcp-Name header does not match params." + member);
        }
        if (method == McpMethod.TOOLS_CALL) {
            ToolEntry tool = catalogs.tools().snapshot().get((String) body);
            if (tool != null && !tool.mirroredParameters().isEmpty()) {
                checkParams(headers, tool, Params.optionalObject(params, "arguments"));
            }
        }
    }

    private static void checkParams(MessageHeaders headers, ToolEntry tool, Map<String, Object> arguments) {
        for (Map.Entry<String, String> mirrored : tool.mirroredParameters().entrySet()) {
            Object value = arguments == null ? null : arguments.get(mirrored.getKey());
            String headerName = "Mcp-Param-" + mirrored.getValue();
            String header = headers.param(mirrored.getValue());
            if (header == null) {
                if (value != null) {
                    throw mismatch("the " + headerName + " header is required: arguments." + mirrored.getKey()
                            + " is set");
                }
                continue;
            }
            if (value == null || !matches(decode(header, headerName), value)) {
                throw mismatch(headerName + " header does not match arguments." + mirrored.getKey());
            }
        }
    }

    /** Strings compare exactly, booleans as {@code true}/{@code false}, numbers by value ({@code 42.0} is {@code 42}). */
    private static boolean matches(String header, Object value) {
        if (value instanceof String || value instanceof Boolean) {
            return header.equals(String.valueOf(value));
        }
        if (value instanceof Number) {
            String text = value.toString();
            if (text.length() > dev.tachyon.codec.JsonNumber.DEFAULT_MAX_DIGITS
                    || header.length() > dev.tachyon.codec.JsonNumber.DEFAULT_MAX_DIGITS) {
                return header.equals(text); // never parse a long number: BigDecimal's parse is quadratic
            }
            try {
                return new BigDecimal(header).compareTo(new BigDecimal(text)) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** The value a mirrored header stands for: Base64-decoded when wrapped, else the value itself. */
    static String decode(String value, String headerName) {
        if (value.length() >= BASE64_PREFIX.length() + BASE64_SUFFIX.length() + 1
                && value.startsWith(BASE64_PREFIX) && value.endsWith(BASE64_SUFFIX)) {
            String encoded = value.substring(BASE64_PREFIX.length(), value.length() - BASE64_SUFFIX.length());
            if (encoded.length() % 4 != 0) {
                throw mismatch(headerName + " holds Base64 without its padding");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw mismatch(headerName + " holds invalid Base64");
            }
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw mismatch(headerName + " holds Base64 of invalid UTF-8");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7E) {
                throw mismatch(headerName + " holds a character outside visible ASCII; Base64-encode such values");
            }
        }
        return value;
    }

    static McpException mismatch(String message) {
        return new McpException(ErrorCodes.HEADER_MISMATCH, "Header mismatch: " + message, null);
    }
}
