package com.courtcast.app;

import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run the RTMP ingest role only (metrics on --http-port).")
final class IngestCommand extends NodeCommand {

    @Override
    Set<Role> roles() {
        return EnumSet.of(Role.INGEST);
    }
}
