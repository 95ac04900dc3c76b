package io.exemplars.demo;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a route answers: an HTTP status and a JSON body.
 *
 * @param status HTTP status code
 * @param json   the response body, a JSON document
 */
public record RouteResponse(int status, String json) {

    /** @return whether this is a server error (5xx), which marks the request's span as failed */
    public boolean isServerError() {
        return status >= 500 && status <= 599;
    }

    /**
     * Sends this response on {@code exchange} and closes its body.
     *
     * @throws IOException if the client went away
     */
    public void writeTo(HttpExchange exchange) throws IOException {
        final byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
