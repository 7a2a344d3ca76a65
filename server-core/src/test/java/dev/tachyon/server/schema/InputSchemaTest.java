package dev.tachyon.server.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.codec.JsonMembers;
import dev.tachyon.codec.JsonValues;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Compiling input schemas, the violations reported, and the in-place shortcut agreeing with the validator. */
class InputSchemaTest {

    static final String ECHO = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"description\":\"d\"}},"
            + "\"required\":[\"text\"]}";
    static final String SLEEP = "{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\",\"minimum\":0,"
            + "\"maximum\":600000}},\"required\":[\"ms\"]}";

    @Test
    void anObjectWithOnlyAnnotationsAcceptsEverythingAndIsNotChecked() {
        assertTrue(InputSchema.compile("{\"type\":\"object\"}").acceptsEverything());
        assertTrue(InputSchema.compile("{\"type\":\"object\",\"description\":\"x\",\"properties\":{}}").acceptsEverything());
        assertFalse(InputSchema.compile("{\"type\":\"object\",\"additionalProperties\":false}").acceptsEverything());
        assertFalse(InputSchema.compile("{\"type\":\"object\",\"minProperties\":1}").acceptsEverything());
        assertFalse(InputSchema.compile(ECHO).acceptsEverything());
    }

    @Test
    void everyKeywordIsEnforcedAndNamedWithItsPath() {
        assertViolation(SLEEP, "{\"ms\":-1}", "minimum", "/ms");
        assertViolation(SLEEP, "{\"ms\":600001}", "maximum", "/ms");
        assertViolation(SLEEP, "{\"ms\":\"5\"}", "type", "/ms");
        assertViolation(SLEEP, "{}", "required", "");
        assertViolation(SLEEP, "{\"ms\":1.5}", "type", "/ms");
        String rich = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                + "\"s\":{\"type\":\"string\",\"minLength\":2,\"maxLength\":4,\"pattern\":\"^[a-z]+$\"},"
                + "\"e\":{\"enum\":[\"a\",\"b\"]},\"c\":{\"const\":3},\"x\":{\"type\":\"number\",\"exclusiveMinimum\":0},"
                + "\"l\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"maxItems\":2}}}";
        assertViolation(rich, "{\"s\":\"a\"}", "minLength", "/s");
        assertViolation(rich, "{\"s\":\"abcde\"}", "maxLength", "/s");
        assertViolation(rich, "{\"s\":\"AB\"}", "pattern", "/s");
        assertViolation(rich, "{\"e\":\"z\"}", "enum", "/e");
        assertViolation(rich, "{\"c\":4}", "const", "/c");
        assertViolation(rich, "{\"x\":0}", "exclusiveMinimum", "/x");
        assertViolation(rich, "{\"l\":[1,\"2\"]}", "type", "/l/1");
        assertViolation(rich, "{\"l\":[1,2,3]}", "maxItems", "/l");
        assertViolation(rich, "{\"other\":1}", "additionalProperties", "");
        assertTrue(InputSchema.compile(rich).validate(Map.of("s", "ab", "e", "a", "c", 3L, "x", 0.5)).isEmpty());
    }

    @Test
    void aCallWithManyViolationsReportsTheFirstOnly() {
        String schema = "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}";
        StringBuilder args = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            args.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        List<SchemaViolation> violations = inPlace(InputSchema.compile(schema), args.append('}').toString());
        assertEquals(1, violations.size(), "the validator stops at the first: bounded work and output");
        assertEquals("type", violations.get(0).keyword());
    }

    @Test
    void aDraft07SchemaIsReadAsDraft07() {
        String schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"properties\":{\"n\":{\"type\":\"integer\",\"exclusiveMaximum\":10}}}";
        assertViolation(schema, "{\"n\":10}", "exclusiveMaximum", "/n");
        assertTrue(inPlace(InputSchema.compile(schema), "{\"n\":9}").isEmpty());
    }

    @Test
    void aBadSchemaFailsWhenCompiledNamingTheProblem() {
        assertBad("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"strin\"}}}", "/properties/a/type");
        assertBad("{\"type\":\"object\",\"properties\":{\"a\":{\"minimum\":\"zero\"}}}", "/properties/a/minimum");
        assertBad("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/nope\"}}}", "nope");
        assertBad("{\"type\":\"object\",\"properties\":{\"a\":{\"pattern\":\"([a-z\"}}}", "");
        assertBad("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://example.com/a.json\"}}}", "");
        assertBad("{\"$schema\":\"https://example.com/my-dialect\",\"type\":\"object\"}", "");
        assertBad("{\"type\":\"object\",\"title\":5}", "/title");
        assertBad("[1]", "");
    }

    @Test
    void absentArgumentsAreCheckedOnceAtCompileTime() {
        assertEquals("required", InputSchema.compile(ECHO).validate((Map<String, Object>) null).get(0).keyword());
        assertTrue(InputSchema.compile("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}")
                .validate(Map.of()).isEmpty());
    }

    @Test
    void aNumberTooLongToCheckIsAViolationNotAParse() {
        String digits = "9".repeat(5000);
        List<SchemaViolation> violations = inPlace(InputSchema.compile(SLEEP), "{\"ms\":" + digits + "}");
        assertEquals(1, violations.size());
        assertEquals("number", violations.get(0).keyword());
    }

    /**
     * The in-place shortcut only ever says "valid", and only when the validator agrees: over
     * generated arguments for flat schemas, the in-place answer equals the validator's on the
     * decoded map.
     */
    @Test
    void theInPlaceShortcutAgreesWithTheValidator() {
        String[] schemas = {ECHO,
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}",
            "{\"type\":\"object\",\"properties\":{\"i\":{\"type\":\"integer\"},\"o\":{\"type\":\"object\"},\"l\":{\"type\":\"array\"},"
                + "\"f\":{\"type\":\"boolean\"},\"z\":{\"type\":\"null\"},\"any\":{}},\"required\":[\"i\",\"extra\"]}"};
        String[] values = {"\"s\"", "\"\"", "\"\\u0041\"", "1", "-1", "0", "1.0", "1.5", "-0.0", "1e2", "1E-2", "12345678901234567890123",
            "true", "false", "null", "{}", "{\"a\":1}", "[]", "[1,\"x\"]"};
        String[] names = {"text", "a", "b", "i", "o", "l", "f", "z", "any", "extra", "t\\u0065xt", "other"};
        Random random = new Random(42);
        int agreedValid = 0;
        for (String schemaJson : schemas) {
            InputSchema schema = InputSchema.compile(schemaJson);
            assertTrue(schema.checksInPlace(), schemaJson);
            for (int n = 0; n < 3000; n++) {
                StringBuilder args = new StringBuilder("{");
                int members = random.nextInt(5);
                for (int m = 0; m < members; m++) {
                    args.append(m == 0 ? "" : ",").append('"').append(names[random.nextInt(names.length)]).append("\":")
                            .append(values[random.nextInt(values.length)]);
                }
                String json = args.append('}').toString();
                Map<String, Object> decoded;
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> read = (Map<String, Object>) JsonValues.read(buffer(json), 0, json.length());
                    decoded = read;
                } catch (IllegalArgumentException e) {
                    continue; // a name twice: the envelope scanner refuses such params before any schema sees them
                }
                boolean inPlaceValid = inPlace(schema, json).isEmpty();
                boolean validatorValid = schema.validate(decoded).isEmpty();
                assertEquals(validatorValid, inPlaceValid, schemaJson + " on " + json);
                agreedValid += inPlaceValid ? 1 : 0;
            }
        }
        assertTrue(agreedValid > 100, "the generator reaches valid arguments too: " + agreedValid);
    }

    private static void assertViolation(String schema, String args, String keyword, String path) {
        List<SchemaViolation> violations = inPlace(InputSchema.compile(schema), args);
        assertFalse(violations.isEmpty(), args + " should break " + schema);
        SchemaViolation first = violations.get(0);
        assertEquals(keyword, first.keyword(), String.valueOf(violations));
        assertEquals(path, first.path(), String.valueOf(violations));
        assertNotNull(first.message());
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) JsonValues.read(buffer(args), 0, args.length());
        assertEquals(violations, InputSchema.compile(schema).validate(decoded), "decoded and in place agree");
    }

    private static void assertBad(String schema, String mentioned) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputSchema.compile(schema));
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
    }

    static List<SchemaViolation> inPlace(InputSchema schema, String json) {
        ByteBuf frame = buffer(json);
        try {
            return schema.validate(frame, 0, frame.writerIndex(), new JsonMembers(), new long[InputSchema.MAX_FLAT_PROPERTIES]);
        } finally {
            frame.release();
        }
    }

    private static ByteBuf buffer(String json) {
        return Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    }
}
