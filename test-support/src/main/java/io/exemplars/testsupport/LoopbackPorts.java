package io.exemplars.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for the servers an end-to-end test starts. */
public final class LoopbackPorts {

    /** The only address the tests' servers bind. */
    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * @return a port that was free on {@link #LOOPBACK} a moment ago (another process may still
     *     take it before the caller binds it; the caller's start then fails loudly)
     * @throws UncheckedIOException if no port can be bound
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
