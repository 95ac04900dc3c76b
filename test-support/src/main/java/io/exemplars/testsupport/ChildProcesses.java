package io.exemplars.testsupport;

import java.util.concurrent.TimeUnit;

/** Stopping the child processes an end-to-end test starts, always in bounded time. */
public final class ChildProcesses {
    private static final long STOP_GRACE_SECONDS = 10;
    private static final long KILL_WAIT_SECONDS = 5;

    private ChildProcesses() {
    }

    /**
     * Stops {@code process} and only it: {@code destroy} (SIGTERM), then {@code destroyForcibly}
     * (SIGKILL) if it has not exited within 10 s; waits at most 5 s more. Keeps the interrupt.
     *
     * @param process a child process of this JVM
     */
    public static void stop(final Process process) {
        stopNow(process);
    }

    /**
     * Makes sure {@code process} is stopped should this JVM exit before the test stops it.
     *
     * @param process a child process of this JVM
     * @param name    the shutdown hook's thread name
     * @return the hook, to hand to {@link #stopAndForget}
     */
    public static Thread stopOnExit(final Process process, final String name) {
        final Thread hook = new Thread(() -> stopNow(process), name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Stops {@code process} as {@link #stop} does, and removes its {@link #stopOnExit} hook.
     *
     * @param process a child process of this JVM
     * @param hook    what {@link #stopOnExit} returned for it
     */
    public static void stopAndForget(final Process process, final Thread hook) {
        stopNow(process);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException jvmAlreadyExiting) {
            // The hook is running or about to; it stops the same process, harmlessly.
        }
    }

    private static void stopNow(final Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
