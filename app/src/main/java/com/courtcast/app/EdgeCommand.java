package com.courtcast.app;

import com.courtcast.common.config.Settings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "edge", mixinStandardHelpOptions = true,
        description = "Run a caching edge alone in front of one or more origins (viewers, /metrics, /healthz and "
                + "/load on --edge-port).")
final class EdgeCommand extends NodeCommand {

    @Option(names = "--origin", paramLabel = "URL", required = true,
            description = "An origin to fill from, e.g. http://origin1:8080 (repeatable; tried in order, the next "
                    + "one when an origin fails).")
    List<String> origins = new ArrayList<>();

    @Override
    Set<Role> roles() {
        return EnumSet.of(Role.EDGE);
    }

    @Override
    Settings settings() {
        return super.settings().override("edge.origins", String.join(",", origins));
    }
}
