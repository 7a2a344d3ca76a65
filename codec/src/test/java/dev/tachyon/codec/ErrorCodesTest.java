package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 2026-07-28 code policy: Tachyon's codes leave the range the specification reserves; the others stay. */
class ErrorCodesTest {

    @Test
    void tachyonsOwnCodesMoveOutOfTheReservedRange() {
        int[] own = {ErrorCodes.NOT_INITIALIZED, ErrorCodes.OVERLOADED, ErrorCodes.CLIENT_REQUEST_FAILED,
                ErrorCodes.REQUEST_TIMEOUT, ErrorCodes.SHUTTING_DOWN, ErrorCodes.TOOL_UNAVAILABLE, ErrorCodes.RATE_LIMITED};
        for (int code : own) {
            int moved = ErrorCodes.forStatelessRevision(code);
            assertTrue(moved < -30999 && moved > -31100, code + " -> " + moved);
            assertEquals(code % 100, moved % 100, "the same last digits");
        }
        assertEquals(-31001, ErrorCodes.forStatelessRevision(ErrorCodes.OVERLOADED));
        assertEquals(-31007, ErrorCodes.forStatelessRevision(ErrorCodes.RATE_LIMITED));
    }

    @Test
    void jsonRpcAndSpecificationCodesStay() {
        int[] kept = {ErrorCodes.PARSE_ERROR, ErrorCodes.INVALID_REQUEST, ErrorCodes.METHOD_NOT_FOUND,
                ErrorCodes.INVALID_PARAMS, ErrorCodes.INTERNAL_ERROR, ErrorCodes.RESOURCE_NOT_FOUND,
                ErrorCodes.HEADER_MISMATCH, ErrorCodes.MISSING_CLIENT_CAPABILITY, ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION,
                -32050, 42};
        for (int code : kept) {
            assertEquals(code, ErrorCodes.forStatelessRevision(code));
        }
    }
}
