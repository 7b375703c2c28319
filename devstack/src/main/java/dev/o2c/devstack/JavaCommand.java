package dev.o2c.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/** Command lines for child JVMs, run by the same {@code java} that runs the launcher. */
final class JavaCommand {

    private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private JavaCommand() {
    }

    /** The {@code java} executable of this JVM. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(cmd -> Files.isExecutable(Path.of(cmd)))
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Options that silence the JDK 24+ warnings about gRPC's and Netty's use of {@code sun.misc.Unsafe} and
     * native libraries; none on older JDKs, which would refuse the unknown option.
     */
    static List<String> quietOptions() {
        if (Runtime.version().feature() < 24) {
            return List.of();
        }
        return List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
    }

    /** {@code java <jvmOptions> -jar <jar> <args>}. */
    static List<String> jar(Path jar, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code mainClass} from the launcher's own classpath: through Spring Boot's PropertiesLauncher when the
     * launcher runs from its repackaged jar ({@code java -jar devstack.jar}), else with the plain classpath
     * (tests, IDE).
     */
    static List<String> mainClass(String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path");
        if (isBootJar(classPath)) {
            command.add("-cp");
            command.add(Path.of(classPath).toAbsolutePath().toString());
            command.add("-Dloader.main=" + mainClass);
            command.add(PROPERTIES_LAUNCHER);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass);
        }
        command.addAll(args);
        return command;
    }

    private static boolean isBootJar(String classPath) {
        if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
