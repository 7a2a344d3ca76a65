package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseScanTest {

    private final ResponseScan scan = new ResponseScan();

    private boolean scan(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return scan.scan(bytes, 0, bytes.length);
    }

    @Test
    void readsTheIdWhereverItIs() {
        assertTrue(scan("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"\\\"id\\\":7\"}]}}"));
        assertEquals(42, scan.id);
        assertTrue(scan.hasResult);
        assertTrue(scan("{\"result\":{\"content\":[]},\"jsonrpc\":\"2.0\",\"id\":9007199254740993}"));
        assertEquals(9007199254740993L, scan.id);
    }

    @Test
    void readsErrorCodesAndToolErrors() {
        assertTrue(scan("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"message\":\"busy\",\"code\":-32001,\"data\":{\"code\":1}}}"));
        assertTrue(scan.hasError);
        assertEquals(-32001, scan.errorCode);
        assertTrue(scan("{ \"jsonrpc\" : \"2.0\" , \"id\" : 4 , \"result\" : { \"content\" : [ ] , \"isError\" : true } }"));
        assertTrue(scan.toolError);
        assertTrue(scan("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"content\":[],\"isError\":false}}"));
        assertFalse(scan.toolError);
    }

    @Test
    void reportsWhatIsNotOneOfOurAnswers() {
        assertFalse(scan("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}"));
        assertFalse(scan("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"result\":{}}"));
        assertFalse(scan("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"unterminated"));
        assertFalse(scan("not json"));
        assertFalse(scan("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}"));
        assertTrue(scan.hasMethod);
    }
}
