package com.courtcast.app;

import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "all", mixinStandardHelpOptions = true,
        description = "Start every role that exists in one JVM (today: the RTMP ingest, the LL-HLS origin with /metrics and /healthz on --http-port, and a caching edge in front of that origin on --edge-port).")
final class AllCommand extends NodeCommand {

    @Override
    Set<Role> roles() {
        return EnumSet.allOf(Role.class);
    }
}
