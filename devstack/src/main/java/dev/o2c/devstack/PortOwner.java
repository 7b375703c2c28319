package dev.o2c.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Best effort: which process listens on a TCP port. Reads {@code /proc} on Linux; elsewhere (or without the
 * rights to look) it knows nothing.
 */
final class PortOwner {

    private static final String LISTEN = "0A";

    private PortOwner() {
    }

    /** For example {@code "pid 4242 (java -jar starter/target/starter.jar)"}. */
    static Optional<String> describe(int port) {
        return process(port).map(p -> "pid " + p.getFileName() + commandLine(p));
    }

    /** The id of the process that listens on {@code port}, when it can be seen. */
    static Optional<Long> pid(int port) {
        return process(port).map(p -> Long.parseLong(p.getFileName().toString()));
    }

    /** {@code /proc/<pid>} of the process that listens on {@code port}, when it can be seen. */
    private static Optional<Path> process(int port) {
        try {
            Set<String> inodes = listeningInodes(port);
            if (inodes.isEmpty()) {
                return Optional.empty();
            }
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .filter(p -> ownsSocket(p, inodes))
                        .findFirst();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Set<String> listeningInodes(int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(hexPort) && LISTEN.equals(f[3])) {
                    inodes.add(f[9]);
                }
            }
        }
        return inodes;
    }

    private static boolean ownsSocket(Path proc, Set<String> inodes) {
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:[")
                            && inodes.contains(target.substring(8, target.length() - 1));
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            });
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static String commandLine(Path proc) {
        try {
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replaceAll("[\\x00\\s]+", " ") // NUL-separated arguments, possibly with newlines inside
                    .trim();
            if (cmd.isEmpty()) {
                return "";
            }
            return " (" + (cmd.length() > 120 ? cmd.substring(0, 117) + "..." : cmd) + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
