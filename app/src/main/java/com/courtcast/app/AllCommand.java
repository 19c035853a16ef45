package com.courtcast.app;

import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "all", mixinStandardHelpOptions = true,
        description = "Start every role that exists in one JVM (today: the RTMP ingest and the LL-HLS origin, with /metrics and /healthz).")
final class AllCommand extends NodeCommand {

    @Override
    Set<Role> roles() {
        return EnumSet.allOf(Role.class);
    }
}
