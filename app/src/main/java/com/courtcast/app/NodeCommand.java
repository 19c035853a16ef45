package com.courtcast.app;

import com.courtcast.common.config.Settings;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Mixin;

/** Runs a node with some set of roles until the process is stopped. */
abstract class NodeCommand implements Callable<Integer> {

    @Mixin
    NodeOptions options;

    abstract Set<Role> roles();

    /** The node's settings: file, environment and the shared flags; a command may add its own flags on top. */
    Settings settings() {
        return options.settings();
    }

    @Override
    public Integer call() throws Exception {
        Node node = Node.start(settings(), options.streamFlags(), EnumSet.copyOf(roles()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "courtcast-shutdown"));
        stopped.await();
        return 0;
    }
}
