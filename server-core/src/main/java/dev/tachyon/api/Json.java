package dev.tachyon.api;

import dev.tachyon.codec.JsonValues;
import dev.tachyon.codec.RawJson;

/** Small conveniences for handler code that builds or reads JSON values. */
public final class Json {

    private Json() {
    }

    /**
     * Parses JSON text into plain Java values (see {@link JsonValues}).
     *
     * @throws IllegalArgumentException when the text is not valid JSON, or an object in it has a
     *     member name twice (no value is picked)
     */
    public static Object parse(String json) {
        return JsonValues.read(RawJson.of(json).bytes());
    }
}
