package com.courtcast.app;

import com.courtcast.app.demo.DemoCommand;
import com.courtcast.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code courtcast} command: one subcommand per way of running a node. */
@Command(name = "courtcast", mixinStandardHelpOptions = true, version = "CourtCast 0.1.0",
        description = "Live court-hearing streaming: RTMP ingest, LL-HLS origin, caching edge, geo DNS.",
        subcommands = {AllCommand.class, IngestCommand.class, EdgeCommand.class, SignCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Courtcast {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Courtcast());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("courtcast: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }
}
