package com.courtcast.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (paranoid in every test JVM, see the parent pom)
 * reports a buffer that was garbage-collected without being released.
 *
 * <p>Netty only notices a leak when a buffer is collected and a later allocation polls its
 * reference queue, so the check collects garbage a few times and allocates in between.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ByteBufUtil.setLeakListener((resourceType, records) -> LEAKS.add(resourceType + "\n" + records));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        collectLeaks();
        LEAKS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoLeaks();
    }

    /** Collects garbage and fails if any buffer was found unreleased since the last check. */
    public static void assertNoLeaks() {
        collectLeaks();
        List<String> found = List.copyOf(LEAKS);
        LEAKS.clear();
        assertThat(found).as("ByteBufs garbage-collected without release").isEmpty();
    }

    private static void collectLeaks() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // Each allocation makes the detector poll for collected, unreleased buffers.
            for (ByteBufAllocator allocator
                    : List.of(PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT)) {
                allocator.heapBuffer(16).release();
                allocator.directBuffer(16).release();
            }
        }
    }
}
