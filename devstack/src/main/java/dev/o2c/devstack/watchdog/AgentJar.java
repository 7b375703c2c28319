package dev.o2c.devstack.watchdog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the {@link ParentWatchdog} agent jar: the one class and a manifest naming it as {@code Premain-Class}. The
 * launcher may run from Spring Boot's repackaged jar, where classes sit under {@code BOOT-INF/classes}, which a
 * {@code -javaagent} cannot load from; so it copies the class file into a jar of its own.
 */
public final class AgentJar {

    public static final String FILE_NAME = "o2c-watchdog.jar";

    private AgentJar() {
    }

    /** Writes (or rewrites) {@code <dir>/o2c-watchdog.jar} and returns its path. */
    public static Path write(Path dir) throws IOException {
        String entry = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = ParentWatchdog.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("class file " + entry + " not found on the launcher's class path");
            }
            bytes = in.readAllBytes();
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchdog.class.getName());
        Files.createDirectories(dir);
        Path jar = dir.resolve(FILE_NAME);
        Path temporary = Files.createTempFile(dir, "o2c-watchdog", ".jar");
        try (OutputStream file = Files.newOutputStream(temporary);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(bytes);
            out.closeEntry();
        }
        // atomically, so that a child starting right now never sees half a jar
        Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }
}
