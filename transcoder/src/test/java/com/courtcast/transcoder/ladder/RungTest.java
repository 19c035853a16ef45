package com.courtcast.transcoder.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.config.ConfigException;
import com.courtcast.common.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RungTest {

    @Test
    void usualHeightsHaveUsualBitratesAndTheLadderIsOrderedHighestFirst() {
        assertThat(Rung.parseLadder("k", "360p,720p@2500k,240p@300k"))
                .containsExactly(new Rung("720p", 720, 2_500_000), new Rung("360p", 360, 600_000),
                        new Rung("240p", 240, 300_000));
        assertThat(Rung.parseLadder("k", "540p@1800000")).containsExactly(new Rung("540p", 540, 1_800_000));
        assertThat(Rung.parseLadder("k", "1080p@8m")).containsExactly(new Rung("1080p", 1080, 8_000_000));
    }

    @Test
    void offAndEmptyMeanNoLadder() {
        assertThat(Rung.parseLadder("k", "off")).isEmpty();
        assertThat(Rung.parseLadder("k", " OFF ")).isEmpty();
        assertThat(Rung.parseLadder("k", "")).isEmpty();
    }

    @Test
    void badLaddersNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> Rung.parseLadder("transcoder.ladder", "720p,huge"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("transcoder.ladder")
                .hasMessageContaining("'huge'");
        assertThatThrownBy(() -> Rung.parseLadder("transcoder.ladder", "540p"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs a bitrate");
        assertThatThrownBy(() -> Rung.parseLadder("transcoder.ladder", "360p,360p@500k"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> Rung.parseLadder("transcoder.ladder", "361p@500k"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("even");
        assertThatThrownBy(() -> Rung.parseLadder("transcoder.ladder", "360p@1k"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bitrate");
    }

    @Test
    void widthFollowsTheSourceAspectRatioRoundedToEven() {
        Rung rung = new Rung("240p", 240, 300_000);
        assertThat(rung.widthFor(1920, 1080)).isEqualTo(426);
        assertThat(rung.widthFor(854, 480)).isEqualTo(428);
        assertThat(rung.widthFor(640, 480)).isEqualTo(320);
        assertThat(new Rung("360p", 360, 600_000).widthFor(1280, 720)).isEqualTo(640);
    }

    @Test
    void aStreamsOwnLadderWinsOverTheDefault() {
        Settings settings = Settings.empty().override("transcoder.ladder", "480p,360p")
                .override("transcoder.ladder.court2", "off").override("transcoder.ladder.court3", "240p");
        LadderProfiles profiles = LadderProfiles.from(settings, Map.of("court3", "360p@500k"),
                List.of("court1", "court2", "court3"));
        assertThat(profiles.rungsFor("court1")).extracting(Rung::name).containsExactly("480p", "360p");
        assertThat(profiles.rungsFor("court2")).isEmpty();
        assertThat(profiles.rungsFor("court3")).containsExactly(new Rung("360p", 360, 500_000));
        assertThat(profiles.rungsFor("unknown")).extracting(Rung::name).containsExactly("480p", "360p");
    }

    @Test
    void theDefaultLadderIs720p480p360p() {
        assertThat(LadderProfiles.from(Settings.empty(), Map.of(), List.of()).rungsFor("any"))
                .containsExactly(new Rung("720p", 720, 2_500_000), new Rung("480p", 480, 1_200_000),
                        new Rung("360p", 360, 600_000));
    }

    @Test
    void ladderConfigRejectsThresholdsThatCannotWork() {
        assertThatThrownBy(() -> LadderConfig.from(Settings.empty().override("transcoder.shedAtFrames", 200)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("transcoder.shedAtFrames")
                .hasMessageContaining("200");
        assertThatThrownBy(() -> LadderConfig.from(Settings.empty().override("transcoder.preset", "turbo")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'turbo'");
        assertThatThrownBy(() -> LadderConfig.from(Settings.empty().override("transcoder.restoreBelowLoadPercent", 99)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("transcoder.restoreBelowLoadPercent")
                .hasMessageContaining("99");
    }
}
