package dev.tachyon.server.observability;

import dev.tachyon.codec.ErrorCodes;

/**
 * How a request ended, as the {@code outcome} label of {@code tachyon_requests_total}: one
 * value per error code the server itself answers with, so the label stays bounded whatever
 * codes handlers throw ({@link #ERROR} takes the rest).
 */
public enum Outcome {
    OK("ok"),
    CANCELLED("cancelled"),
    PARSE_ERROR("parse_error"),
    INVALID_REQUEST("invalid_request"),
    METHOD_NOT_FOUND("method_not_found"),
    INVALID_PARAMS("invalid_params"),
    INTERNAL_ERROR("internal_error"),
    NOT_INITIALIZED("not_initialized"),
    OVERLOADED("overloaded"),
    RESOURCE_NOT_FOUND("resource_not_found"),
    CLIENT_REQUEST_FAILED("client_request_failed"),
    TIMEOUT("timeout"),
    SHUTTING_DOWN("shutting_down"),
    /** A per-client rate limit refused it ({@code -32007}). */
    RATE_LIMITED("rate_limited"),
    /** An error code of a handler's own. */
    ERROR("error");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The label value. */
    public String label() {
        return label;
    }

    /** Whether this outcome is an error answer (cancellation is not). */
    public boolean isError() {
        return this != OK && this != CANCELLED;
    }

    /** The outcome of an answer with {@code errorCode} (0 for a result), or of a cancellation. */
    public static Outcome of(int errorCode, boolean cancelled) {
        if (cancelled) {
            return CANCELLED;
        }
        switch (errorCode) {
            case 0: return OK;
            case ErrorCodes.PARSE_ERROR: return PARSE_ERROR;
            case ErrorCodes.INVALID_REQUEST: return INVALID_REQUEST;
            case ErrorCodes.METHOD_NOT_FOUND: return METHOD_NOT_FOUND;
            case ErrorCodes.INVALID_PARAMS: return INVALID_PARAMS;
            case ErrorCodes.INTERNAL_ERROR: return INTERNAL_ERROR;
            case ErrorCodes.NOT_INITIALIZED: return NOT_INITIALIZED;
            case ErrorCodes.OVERLOADED: return OVERLOADED;
            case ErrorCodes.RESOURCE_NOT_FOUND: return RESOURCE_NOT_FOUND;
            case ErrorCodes.CLIENT_REQUEST_FAILED: return CLIENT_REQUEST_FAILED;
            case ErrorCodes.REQUEST_TIMEOUT: return TIMEOUT;
            case ErrorCodes.SHUTTING_DOWN: return SHUTTING_DOWN;
            case ErrorCodes.RATE_LIMITED: return RATE_LIMITED;
            default: return ERROR;
        }
    }
}
