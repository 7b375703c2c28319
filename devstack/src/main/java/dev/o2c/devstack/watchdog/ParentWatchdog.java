package dev.o2c.devstack.watchdog;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;

/**
 * A Java agent the local stack puts into every child JVM it starts ({@code -javaagent:<state>/o2c-watchdog.jar}):
 * it reads the child's stdin, a pipe from the launcher, until end of file, and then stops the JVM. The kernel closes
 * that pipe when the launcher exits for whatever reason, SIGKILL included, so no child outlives the launcher holding
 * its ports. The launcher never writes to the pipe.
 *
 * <p>The JVM stops with {@code System.exit} (shutdown hooks run, Spring shuts down gracefully); if that takes longer
 * than 15 s, it halts. Self-contained (no other class, no inner class): the launcher copies this one class file into
 * the agent jar.
 */
public final class ParentWatchdog {

    static final long HALT_AFTER_MILLIS = 15_000;

    private ParentWatchdog() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        premain(args);
    }

    public static void premain(String args) {
        Thread watcher = new Thread(ParentWatchdog::watch, "o2c-parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void watch() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // the launcher writes nothing; whatever comes is ignored
            }
        } catch (IOException e) {
            // a broken pipe is a gone launcher too
        }
        System.err.println("o2c watchdog: the o2c launcher is gone (stdin closed); stopping this process");
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(143);
        }, "o2c-parent-watchdog-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(143);
    }
}
