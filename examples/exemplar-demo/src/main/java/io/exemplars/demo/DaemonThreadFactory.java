package io.exemplars.demo;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the demo's threads ({@code prefix-1}, {@code prefix-2}, ...) and makes them daemons, so a
 * demo started inside another JVM (the end-to-end test) never keeps that JVM alive.
 */
public final class DaemonThreadFactory implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger created = new AtomicInteger();

    /** @param prefix the thread name prefix */
    public DaemonThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        final Thread thread = new Thread(runnable, prefix + "-" + created.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
