package io.exemplars.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.exemplars.testsupport.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonWriterTest {

    @Test
    void nestedDocumentHasCommasOnlyBetweenMembers() {
        final String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value("x").beginObject().endObject().beginArray().endArray().value(true).endArray()
                .name("c").beginObject().name("d").value((String) null).endObject()
                .endObject().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",{},[],true],\"c\":{\"d\":null}}", json);
        final JsonNode parsed = Json.parse(json);
        assertEquals(1, parsed.path("a").intValue());
        assertEquals(List.of("\"x\"", "{}", "[]", "true"),
                StreamSupport.stream(parsed.path("b").spliterator(), false).map(JsonNode::toString).toList());
        assertTrue(parsed.path("c").path("d").isNull());
    }

    @Test
    void escapesEverythingRfc8259RequiresAndRoundTrips() {
        final StringBuilder nasty = new StringBuilder("quote\" backslash\\ slash/ tab\t newline\n cr\r bs\b ff\f");
        for (char c = 0; c < 0x20; c++) {
            nasty.append(c);
        }
        nasty.append(" ls\u2028 ps\u2029 emoji\uD83D\uDE00 é");
        final String json = new JsonWriter().value(nasty.toString()).toString();
        for (char c : json.toCharArray()) {
            assertTrue(c >= 0x20, "raw control character " + (int) c + " in " + json);
        }
        assertEquals(nasty.toString(), Json.parse(json).textValue());
        assertEquals("\"\\u2028\\u0001\\\"\\\\\\n\"", new JsonWriter().value("\u2028\u0001\"\\\n").toString());
    }

    @Test
    void unpairedSurrogatesAreEscapedNotMangled() {
        final String lone = "a\uD800b\uDC00";
        final String json = new JsonWriter().value(lone).toString();
        assertEquals("\"a\\ud800b\\udc00\"", json);
        assertEquals(lone, Json.parse(json).textValue());
        // A pair stays a pair, written as-is.
        assertEquals("\"\uD83D\uDE00\"", new JsonWriter().value("\uD83D\uDE00").toString());
    }

    @Test
    void numbersThatJsonCannotExpressBecomeNull() {
        assertEquals("[null,null,null,0.25,-3]", new JsonWriter().beginArray()
                .value(Double.NaN).value(Double.POSITIVE_INFINITY).value(Double.NEGATIVE_INFINITY)
                .value(0.25).value(-3L).endArray().toString());
    }

    @Test
    void theStrictTestParserRejectsInvalidJson() {
        for (String invalid : new String[] {"{\"a\":1,}", "[1 2]", "\"raw\u0001\"", "01", "{\"a\" 1}", "\"\\x\"",
                "[1]x", "{\"a\":1,\"a\":2}", "", "[1]//", "{'a':1}", "NaN"}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(invalid), invalid);
        }
    }
}
