package com.courtcast.app;

import com.courtcast.common.config.ConfigException;
import com.courtcast.common.config.Settings;
import com.courtcast.common.playback.PlaybackConfig;
import com.courtcast.common.playback.PlaybackToken;
import com.courtcast.common.playback.Subnet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Print the query string of a signed playback URL for a restricted hearing "
                + "(append it to /live/NAME/index.m3u8?...). Uses playback.signingKey from --config or the environment.")
final class SignCommand implements Callable<Integer> {

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The stream the URL plays.")
    String stream;

    @Option(names = "--ttl", defaultValue = "2h", paramLabel = "DURATION",
            description = "How long the URL stays valid, e.g. 90m or 2h (default: 2h).")
    String ttl;

    @Option(names = "--subnet", paramLabel = "CIDR", description = "Only clients in this network may use the URL.")
    String subnet;

    @Option(names = "--config", description = "Configuration file holding playback.signingKey.")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = Settings.load(configFile, System.getenv()).override("sign.ttl", ttl);
        Duration validity = settings.duration("sign.ttl", Duration.ofHours(2), Duration.ofSeconds(1), Duration.ofDays(366));
        PlaybackConfig playback = PlaybackConfig.from(settings);
        if (playback.signer() == null) {
            throw new ConfigException(PlaybackConfig.SIGNING_KEY + " must be set to sign URLs, was unset");
        }
        PlaybackToken token = playback.signer().sign(stream, Instant.now().plus(validity),
                subnet == null ? null : Subnet.parse(subnet));
        spec.commandLine().getOut().println(token.query());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
