package io.exemplars.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.HashMap;
import java.util.Map;

/**
 * Strict JSON reading for the tests (Jackson): Prometheus' API answers, and the demo's
 * hand-written JSON, which must be valid RFC 8259. Beyond Jackson's defaults (no comments, no
 * single quotes, no trailing commas, no leading zeros, no raw control characters), a document
 * must be exactly one value (nothing after it) and an object must not repeat a member name.
 */
public final class Json {

    private static final ObjectMapper STRICT = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private Json() {
    }

    /**
     * @param text one JSON document
     * @return its value as a tree
     * @throws IllegalArgumentException if {@code text} is not exactly one valid JSON value
     */
    public static JsonNode parse(String text) {
        final JsonNode value;
        try {
            value = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not one valid JSON document: " + e.getOriginalMessage(), e);
        }
        if (value == null || value.isMissingNode()) {
            throw new IllegalArgumentException("not one valid JSON document: empty");
        }
        return value;
    }

    /**
     * @param object a JSON object of scalar members (labels, attributes)
     * @return each member as text: a string's value, else its JSON literal
     * @throws IllegalArgumentException if {@code object} is not a JSON object
     */
    public static Map<String, String> strings(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + object);
        }
        final Map<String, String> out = new HashMap<>();
        object.properties().forEach(member -> out.put(member.getKey(), member.getValue().asText()));
        return out;
    }
}
