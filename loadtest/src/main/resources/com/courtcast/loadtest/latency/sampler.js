// Installed into a page that is already playing by the latency benchmark (through WebDriver, so it
// runs in CourtCast's player page and in the nginx page alike). Every 250 ms while the video plays
// (waiting for data included, so a stall shows as the latency it adds) it records:
//   latency, target: hls.js's latency (estimated live edge minus playhead) and target, seconds
//   pdt:   wall clock minus EXT-X-PROGRAM-DATE-TIME at the playhead, ms (null without date-times)
//   named: wall clock minus the arrival time that the playing fragment's name carries, ms
//          (nginx-rtmp with hls_fragment_naming system; null for other names)
//   rate:  playbackRate (hls.js speeds up to catch up with its target)
//   ct:    video.currentTime, seconds (how fast the playhead really moves)
//   buf:   seconds buffered ahead of the playhead
// and counts 'waiting' events after playback began. Read with window.latencyBench.samples().
if (!window.latencyBench) {
  const video = document.querySelector('video');
  const hlsOf = () => {
    if (window.courtcastPlayer) {
      return window.courtcastPlayer.hls();
    }
    return window.benchPlayer ? window.benchPlayer.hls() : null;
  };
  const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const NAME_TIME = /(\d{12,14})\.[A-Za-z0-9]+(\?.*)?$/;
  const state = { samples: [], waits: 0, started: video.currentTime > 0 || !video.paused };
  video.addEventListener('playing', () => { state.started = true; });
  video.addEventListener('waiting', () => {
    if (state.started) {
      state.waits += 1;
    }
  });

  const playheadArrival = (hls) => {
    const level = hls.levels && hls.levels[Math.max(0, hls.currentLevel)];
    const details = level && level.details;
    if (!details) {
      return null;
    }
    const t = video.currentTime;
    for (const frag of details.fragments) {
      if (frag.start <= t && t < frag.start + frag.duration) {
        const m = NAME_TIME.exec(frag.relurl || frag.url || '');
        return m ? Number(m[1]) + (t - frag.start) * 1000 : null;
      }
    }
    return null;
  };

  const bufferedAhead = () => {
    const t = video.currentTime;
    for (let i = 0; i < video.buffered.length; i += 1) {
      if (video.buffered.start(i) <= t + 0.1 && t < video.buffered.end(i)) {
        return video.buffered.end(i) - t;
      }
    }
    return 0;
  };

  window.setInterval(() => {
    const hls = hlsOf();
    if (!hls || !state.started || video.paused || video.ended) {
      return;
    }
    const now = Date.now();
    const date = hls.playingDate;
    const arrival = playheadArrival(hls);
    state.samples.push({
      t: now,
      latency: finite(hls.latency),
      target: finite(hls.targetLatency),
      pdt: date ? now - date.getTime() : null,
      named: arrival === null ? null : now - arrival,
      rate: video.playbackRate,
      ct: video.currentTime,
      buf: bufferedAhead(),
    });
  }, 250);

  window.latencyBench = Object.freeze({
    samples: () => state.samples.slice(),
    waits: () => state.waits,
    reset: () => {
      state.samples.length = 0;
      state.waits = 0;
    },
  });
}
return true;
