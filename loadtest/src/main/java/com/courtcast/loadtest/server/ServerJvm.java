package com.courtcast.loadtest.server;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The java command line that starts CourtCast's app, or another main class of this class path, in
 * a JVM of its own, as {@code ./courtcast} does.
 */
public final class ServerJvm {

    static final String APP_MAIN = "com.courtcast.app.Courtcast";

    private ServerJvm() {
    }

    /** {@code java <flags> <jvmOptions> -cp <this JVM's class path> com.courtcast.app.Courtcast}; the role and its flags follow. */
    static List<String> appCommand(List<String> jvmOptions) {
        return javaCommand(APP_MAIN, jvmOptions);
    }

    /**
     * {@code java <flags> <jvmOptions> -cp <this JVM's class path> <mainClass>}, with the flags
     * {@code ./courtcast} gives every JVM; the main class's arguments follow.
     */
    public static List<String> javaCommand(String mainClass, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The flags ./courtcast gives the JVM: epoll's native library, and on JDK 24+ the
        // sun.misc.Unsafe access without which Netty falls back to slower buffer code.
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(mainClass);
        return command;
    }

    /** The bench JVM's class path with every entry absolute, as the server runs in another directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
