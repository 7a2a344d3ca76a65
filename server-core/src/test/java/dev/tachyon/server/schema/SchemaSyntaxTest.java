package dev.tachyon.server.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.codec.JsonValues;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cheap check that defers the validator: it vouches only for schemas the full check
 * accepts, a bad schema still fails at compile time, and a deferred validator answers as an
 * eager one does.
 */
class SchemaSyntaxTest {

    /** Schemas the cheap check vouches for; each must also pass the full check. */
    private static final String[] PLAIN = {
        InputSchemaTest.ECHO,
        InputSchemaTest.SLEEP,
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\",\"description\":\"x\",\"exclusiveMinimum\":0.5,"
            + "\"multipleOf\":0.25},\"b\":{\"type\":[\"string\",\"null\"],\"minLength\":1,\"maxLength\":9,\"enum\":[\"x\",null],"
            + "\"default\":\"x\"},\"c\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"maximum\":12345678901234567890},"
            + "\"minItems\":0,\"uniqueItems\":true},\"d\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"boolean\"},"
            + "\"minProperties\":1,\"const\":{\"k\":[1,2.5]}}},\"required\":[\"a\"],\"additionalProperties\":false,"
            + "\"title\":\"t\",\"$comment\":\"c\",\"examples\":[{}],\"deprecated\":false}",
        "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\","
            + "\"exclusiveMaximum\":10,\"readOnly\":true}}}",
        "{\"type\":\"object\",\"properties\":{\"tenant\":{\"type\":\"string\",\"x-mcp-header\":\"Tenant\"}}}",
    };

    /** Schemas the cheap check must not vouch for: each is invalid, and the full check says so. */
    private static final String[] BAD = {
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"strin\"}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[]}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"string\"]}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"minLength\":-1}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"maxItems\":1.5}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"multipleOf\":0}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"minimum\":\"zero\"}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"title\":5}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"enum\":5}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"uniqueItems\":\"yes\"}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":5}}",
        "{\"type\":\"object\",\"required\":[\"a\",\"a\"]}",
        "{\"type\":\"object\",\"required\":\"a\"}",
        "{\"type\":\"object\",\"additionalProperties\":\"no\"}",
        "{\"type\":\"object\",\"description\":[]}",
        "{\"type\":\"object\",\"deprecated\":\"no\"}",
    };

    @Test
    void everySchemaItVouchesForPassesTheFullCheckAndDefersItsValidator() {
        for (String json : PLAIN) {
            assertTrue(SchemaSyntax.certainlyValid(decode(json)), json);
            CompiledSchema.now(json); // the full check agrees: no exception
            InputSchema schema = InputSchema.compile(json);
            assertFalse(schema.validatorCompiled(), "compiled on first use, not now: " + json);
        }
    }

    @Test
    void aBadSchemaIsNeverVouchedForAndStillFailsWhenCompiled() {
        for (String json : BAD) {
            assertFalse(SchemaSyntax.certainlyValid(decode(json)), json);
            assertThrows(IllegalArgumentException.class, () -> InputSchema.compile(json), json);
        }
    }

    @Test
    void whatItDoesNotKnowGoesToTheFullCheckAtOnce() {
        String[] unknown = {
            "{\"type\":\"object\",\"properties\":{\"a\":{\"pattern\":\"^x\"}}}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/a\"}},\"$defs\":{\"a\":{\"type\":\"string\"}}}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"format\":\"email\"}}}",
            "{\"type\":\"object\",\"anyOf\":[{\"required\":[\"a\"]}]}",
            "{\"type\":\"object\",\"x-other\":1}",
            "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"object\",\"properties\":{\"a\":{\"minimum\":1}}}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"const\":1" + "0".repeat(60) + "}}}",
        };
        for (String json : unknown) {
            assertFalse(SchemaSyntax.certainlyValid(decode(json)), json);
            assertTrue(InputSchema.compile(json).validatorCompiled(), "compiled at once: " + json);
        }
    }

    @Test
    void aDeferredValidatorCompilesOnTheFirstCallThatNeedsItAndAnswersAsAnEagerOne() {
        InputSchema deferred = InputSchema.compile(InputSchemaTest.SLEEP);
        assertFalse(deferred.validatorCompiled());
        assertTrue(InputSchemaTest.inPlace(deferred, "{\"ms\":5}").isEmpty());
        assertTrue(deferred.validatorCompiled(), "a call the in-place check cannot settle compiles it");
        assertEquals("maximum", InputSchemaTest.inPlace(deferred, "{\"ms\":600001}").get(0).keyword());

        InputSchema absent = InputSchema.compile(InputSchemaTest.ECHO);
        assertEquals("required", absent.validate((Map<String, Object>) null).get(0).keyword());
        assertEquals(CompiledSchema.now(InputSchemaTest.ECHO).ofEmpty(), absent.validate(Map.of()));
    }

    @Test
    void aRegisteredToolsValidatorCompilesInTheBackground() throws InterruptedException {
        InputSchema schema = InputSchema.compile(InputSchemaTest.SLEEP);
        schema.compileInBackground();
        InputSchema.awaitBackgroundCompilation();
        assertTrue(schema.validatorCompiled());
        assertEquals("minimum", InputSchemaTest.inPlace(schema, "{\"ms\":-1}").get(0).keyword());
    }

    @Test
    void aHeldBackgroundCompilationWaitsForItsReleaseWhileACallCompilesItself() throws InterruptedException {
        InputSchema.holdBackgroundCompilation();
        InputSchema held = InputSchema.compile(InputSchemaTest.SLEEP);
        held.compileInBackground();
        InputSchema byCall = InputSchema.compile(InputSchemaTest.SLEEP.replace("600000", "600001"));
        byCall.compileInBackground();
        Thread.sleep(200); // were the gate open, the single compile thread would be done by now (not a timing assertion: it must not be)
        assertFalse(held.validatorCompiled(), "held until released");
        assertEquals("minimum", InputSchemaTest.inPlace(byCall, "{\"ms\":-1}").get(0).keyword(), "a call does not wait for the gate");
        InputSchema.releaseBackgroundCompilation();
        InputSchema.awaitBackgroundCompilation();
        assertTrue(held.validatorCompiled());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(String json) {
        return (Map<String, Object>) JsonValues.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
