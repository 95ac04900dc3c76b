package io.exemplars.benchmarks;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection to 127.0.0.1 that sends one fixed {@code GET} at a time and
 * reads the answer whole (status line, headers, a {@code Content-Length} body), as wrk does: no
 * client library between the load generator's clock and the socket, and nothing allocated per
 * request but what the JDK's socket streams allocate. A closed or broken connection is reopened on
 * the next request.
 */
final class KeepAliveConnection implements Closeable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER = 8_192;
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private final int port;
    private final byte[] request;
    private final byte[] line = new byte[BUFFER];
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * @param port the service's port on 127.0.0.1
     * @param path the request target, e.g. {@code /work}
     */
    KeepAliveConnection(final int port, final String path) {
        this.port = port;
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends the request and reads the whole answer.
     *
     * @return the answer's HTTP status code
     * @throws IOException if the connection fails or the answer is not HTTP/1.1 with a length; the
     *     connection is closed and will be reopened by the next call
     */
    int get() throws IOException {
        try {
            if (socket == null) {
                open();
            }
            out.write(request);
            out.flush();
            final int status = readStatus();
            long length = -1;
            int n;
            while ((n = readLine()) > 0) {
                if (startsWithIgnoreCase(n, CONTENT_LENGTH)) {
                    length = Long.parseLong(new String(line, CONTENT_LENGTH.length, n - CONTENT_LENGTH.length,
                        StandardCharsets.US_ASCII).trim());
                }
            }
            if (length < 0) {
                throw new IOException("answer without Content-Length");
            }
            skip(length);
            return status;
        } catch (final IOException | RuntimeException broken) {
            close();
            throw broken instanceof IOException io ? io : new IOException(broken);
        }
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        out = socket.getOutputStream();
    }

    /** Reads {@code HTTP/1.1 200 OK} and returns 200. */
    private int readStatus() throws IOException {
        final int n = readLine();
        if (n < 12 || line[8] != ' ') {
            throw new IOException("not an HTTP status line: " + new String(line, 0, n, StandardCharsets.US_ASCII));
        }
        return (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    }

    /** Reads one CRLF-terminated line into {@link #line}, without the CRLF; returns its length. */
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            final int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the service");
            }
            if (b == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n == line.length) {
                throw new IOException("header line longer than " + line.length + " bytes");
            }
            line[n++] = (byte) b;
        }
    }

    private boolean startsWithIgnoreCase(final int length, final byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toLowerCase(line[i]) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void skip(final long length) throws IOException {
        long left = length;
        while (left > 0) {
            final long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed inside the body");
                }
                left--;
            } else {
                left -= skipped;
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (final IOException ignored) {
                // closing a broken connection: nothing to do
            }
            socket = null;
        }
    }
}
