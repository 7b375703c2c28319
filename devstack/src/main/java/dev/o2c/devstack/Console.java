package dev.o2c.devstack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared terminal: one line at a time, each child's lines behind a fixed-width, optionally coloured
 * {@code name | } prefix, and the launcher's own messages.
 */
public final class Console {

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[1;31m";
    private static final List<String> PALETTE = List.of(
            "\u001b[36m", "\u001b[35m", "\u001b[33m", "\u001b[32m", "\u001b[34m", "\u001b[96m", "\u001b[95m");

    private final PrintStream out;
    private final boolean color;
    private final int width;
    private final Map<String, String> colors = new ConcurrentHashMap<>();
    private final AtomicInteger nextColor = new AtomicInteger();

    /**
     * @param width prefix width; names are padded to it
     */
    public Console(PrintStream out, boolean color, int width) {
        this.out = out;
        this.color = color;
        this.width = width;
    }

    public static Console stdout(boolean color) {
        return new Console(new PrintStream(System.out, true, StandardCharsets.UTF_8), color, 8);
    }

    /** Colour unless {@code NO_COLOR} is set, {@code TERM=dumb}, or stdout is not a terminal. */
    static boolean colorWanted(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        return stdoutIsTerminal();
    }

    /** A line from child process {@code name}. */
    public void line(String name, String text) {
        String prefix = String.format("%-" + width + "s | ", name);
        if (color) {
            String c = colors.computeIfAbsent(name, n -> PALETTE.get(nextColor.getAndIncrement() % PALETTE.size()));
            prefix = c + prefix + RESET;
        }
        print(prefix + text);
    }

    /** A message from the launcher. */
    public void info(String text) {
        print(color ? BOLD + "o2c" + RESET + ": " + text : "o2c: " + text);
    }

    /** Something went wrong; meant to be seen. */
    public void error(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(color ? RED + "o2c!" + RESET + " " + lines[i] : "o2c! " + lines[i]);
        }
        print(sb.toString());
    }

    /** Text as is (the table of URLs). */
    public void raw(String text) {
        print(text);
    }

    public boolean color() {
        return color;
    }

    private void print(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // JDK 22+: System.console() is non-null even when redirected; isTerminal() tells the truth
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a non-null console means stdin and stdout are a terminal
        }
    }
}
