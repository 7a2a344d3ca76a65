package dev.tachyon.codec;

/** Strict validation of a standalone JSON value (not an envelope), shared by {@link RawJson}. */
final class JsonValidation {

    private JsonValidation() {
    }

    /**
     * Checks that {@code utf8} is exactly one RFC 8259 JSON value, surrounded by optional
     * whitespace, under {@link EnvelopeScanner#DEFAULT_MAX_DEPTH}.
     *
     * @return null when valid, otherwise a short reason
     */
    static String problem(byte[] utf8) {
        // Validation is rare (registration time), so a validator per call is cheaper than sharing one safely.
        JsonValidator validator = new JsonValidator(EnvelopeScanner.DEFAULT_MAX_DEPTH);
        return validator.validate(new FrameBytes().wrap(utf8), 0, utf8.length, null) ? null : validator.problem(0);
    }
}
