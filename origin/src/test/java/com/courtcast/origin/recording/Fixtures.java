package com.courtcast.origin.recording;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/** Shared test data and small fakes for the recording tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-27T02:19:58Z");

    private Fixtures() {
    }

    /** Deterministic bytes, different per seed. */
    static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7);
        }
        return bytes;
    }

    /** A segment's parts: three parts of different sizes. */
    static List<byte[]> parts(long msn) {
        int seed = (int) msn;
        return List.of(bytes(1000 + seed, seed), bytes(17, seed + 1), bytes(2500, seed + 2));
    }

    static byte[] concat(List<byte[]> parts) {
        int size = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    static RecordedSegment segment(long msn, String init, boolean discontinuity) {
        return new RecordedSegment(msn, "seg" + msn + ".m4s", init, 2_000_000 + msn,
                T0.plusSeconds(2 * msn).plusMillis(msn), discontinuity);
    }

    static List<String> filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Captures one logger's events while attached. */
    static final class LogCapture implements AutoCloseable {
        private final Logger logger;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        LogCapture(Class<?> type) {
            logger = (Logger) LoggerFactory.getLogger(type);
            appender.start();
            logger.addAppender(appender);
        }

        List<String> messages(Level level) {
            List<String> messages = new ArrayList<>();
            synchronized (appender) {
                for (ILoggingEvent event : appender.list) {
                    if (event.getLevel() == level) {
                        messages.add(event.getFormattedMessage());
                    }
                }
            }
            return messages;
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}
