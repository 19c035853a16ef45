// Plays ?src=<playlist URL> with hls.js configured as CourtCast's viewer page configures it, so
// that the two players of the latency benchmark differ only in the server behind them. A playlist
// that is not there yet (nginx writes it after the first fragment) is retried every second.
(() => {
  'use strict';

  const video = document.getElementById('video');
  const src = new URLSearchParams(window.location.search).get('src');
  const errors = [];
  let hls = null;

  function start() {
    hls = new window.Hls({ lowLatencyMode: true, backBufferLength: 90, maxLiveSyncPlaybackRate: 1.1 });
    hls.on(window.Hls.Events.MANIFEST_PARSED, () => {
      video.play().catch(() => {});
    });
    hls.on(window.Hls.Events.ERROR, (_event, data) => {
      errors.push({ time: Date.now(), type: data.type, details: data.details, fatal: data.fatal });
      if (errors.length > 100) {
        errors.shift();
      }
      if (data.fatal) {
        hls.destroy();
        hls = null;
        window.setTimeout(start, 1000);
      }
    });
    hls.loadSource(src);
    hls.attachMedia(video);
  }

  window.benchPlayer = Object.freeze({
    hls: () => hls,
    stats: () => ({
      playing: video.currentTime > 0 && !video.paused && !video.ended && video.readyState >= 3,
      currentTime: video.currentTime,
      latency: hls && Number.isFinite(hls.latency) ? hls.latency : null,
      targetLatency: hls && Number.isFinite(hls.targetLatency) ? hls.targetLatency : null,
      errors: errors.slice(),
      hlsVersion: window.Hls ? window.Hls.version : null,
    }),
  });

  start();
})();
