// CourtCast viewer page.
//
// Plays /live/<stream>/index.m3u8 with hls.js in low-latency mode (LL-HLS parts, blocking
// playlist reload); where hls.js cannot run but the browser plays HLS itself (Safari without
// MSE), hands the URL to the <video> element instead. Shows live/ended state, the delay from the
// courtroom and the player's view of it, the rendition and the interruptions, and exposes
// window.courtcastPlayer for tests and benchmarks:
//
//   courtcastPlayer.stats()   -> a plain, JSON-able snapshot (see stats() below)
//   courtcastPlayer.samples() -> pdtLatency samples in ms, one per 250 ms of playback
//
// The stream name comes from ?stream=NAME, else from <meta name="courtcast-stream">, which the
// origin's /watch/NAME route fills in. No inline script or style: the page runs under a strict
// Content-Security-Policy.
(() => {
  'use strict';

  const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;
  const SAMPLE_INTERVAL_MS = 250;
  const MAX_SAMPLES = 10 * 60 * 4; // ten minutes of samples
  const MAX_ERRORS = 100;
  const MAX_STALL_EVENTS = 20;
  const MAX_RECENT_FRAGMENTS = 8;
  // Retries back off (with jitter, so a waiting audience does not poll in step) up to the maximum.
  const RETRY_DELAY_MS = 3000;
  const MAX_RETRY_DELAY_MS = 12000;
  const MAX_MEDIA_RECOVERIES = 3;
  const HLS_MIME = 'application/vnd.apple.mpegurl';
  // hls.js speeds playback up towards its target latency only while more than a second is
  // buffered ahead, so with LL-HLS targets under a second it settles well behind them (it also
  // starts at an independent part, up to a GOP early). Past this much behind the target, and with
  // the media to land on already buffered, the player skips ahead to the live sync position.
  const LIVE_DRIFT_SECONDS = 0.3;
  const LIVE_SKIP_MIN_INTERVAL_MS = 10000;
  // Waiting this soon after a skip is the decoder landing on it, not a stall.
  const LIVE_SKIP_LANDING_MS = 1000;
  // A rendition switch flushes what is buffered ahead and refills it from the new rendition: a skip
  // meanwhile may land on media about to be removed and wait seconds for the new rendition's.
  const LIVE_SKIP_AFTER_SWITCH_MS = 4000;
  // ... unless the switch never completes (hls.js changed its mind): then skipping resumes after this.
  const LIVE_SKIP_SWITCHING_MAX_MS = 15000;

  const STATES = {
    loading: ['Connecting', 'Connecting to the hearing…'],
    live: ['Live', 'You are watching the hearing live.'],
    offline: ['Not live', 'The hearing is not being broadcast right now. Trying again…'],
    ended: ['Ended', 'The hearing has ended.'],
    error: ['Error', 'The video stopped because of an error. Trying again…'],
    unsupported: ['Not supported', 'This browser cannot play the hearing. Please try a current Chrome, Edge, Firefox or Safari.'],
    nostream: ['No hearing', 'No hearing was chosen: open this page from the court’s list of hearings.'],
  };

  const el = (id) => document.getElementById(id);
  const video = el('video');
  const ui = {
    title: el('title'),
    badge: el('state-badge'),
    stateText: el('state-text'),
    unmute: el('unmute'),
    play: el('play'),
    pdt: el('stat-pdt'),
    latency: el('stat-latency'),
    target: el('stat-target'),
    level: el('stat-level'),
    stalls: el('stat-stalls'),
  };

  let hls = null;
  let engine = null; // 'hls.js' | 'native' | null
  let state = null;
  let ended = false;
  let startedPlaying = false; // a 'playing' event has been seen: waits after it are stalls
  let waiting = false;
  let stalls = 0;
  let lastLiveSkip = 0;
  let liveSkips = 0; // skips ahead to the live sync position (see keepLive)
  let levelSwitches = 0;
  let level = null;
  let switching = false; // between hls.js's LEVEL_SWITCHING and LEVEL_SWITCHED
  let lastSwitch = 0;
  let loadedParts = 0;
  let mediaRecoveries = 0;
  let retryTimer = null;
  let retries = 0;
  const errors = [];
  const samples = [];
  const stallEvents = []; // the last stalls counted, for telling what they had in common
  const recentFragments = []; // the last parts and segments buffered, kept with each stall

  function streamName() {
    const fromQuery = new URLSearchParams(window.location.search).get('stream');
    if (fromQuery !== null) {
      return fromQuery;
    }
    const meta = document.querySelector('meta[name="courtcast-stream"]');
    return meta ? meta.content : '';
  }

  const stream = streamName();
  // A restricted hearing's link carries its signed playback token (cc_exp, cc_sig, cc_net); the
  // playlist request carries it on, and the edge writes it into every URI of the playlists it serves.
  function tokenQuery() {
    const token = new URLSearchParams();
    for (const [name, value] of new URLSearchParams(window.location.search)) {
      if (name.startsWith('cc_')) {
        token.append(name, value);
      }
    }
    const query = token.toString();
    return query ? `?${query}` : '';
  }

  const playlistUrl = `/live/${encodeURIComponent(stream)}/index.m3u8${tokenQuery()}`;

  function setState(next) {
    if (state === next) {
      return;
    }
    state = next;
    const [badge, text] = STATES[next];
    ui.badge.dataset.state = next;
    ui.badge.textContent = badge;
    ui.stateText.textContent = text;
  }

  function finiteOrNull(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }

  /** Wall clock minus the program date-time at the playhead: glass-to-glass when clocks agree. */
  function pdtLatency() {
    let playing = null;
    if (hls) {
      playing = hls.playingDate;
    } else if (engine === 'native' && typeof video.getStartDate === 'function') {
      const start = video.getStartDate().getTime(); // NaN without EXT-X-PROGRAM-DATE-TIME
      playing = Number.isFinite(start) ? new Date(start + video.currentTime * 1000) : null;
    }
    return playing ? Date.now() - playing.getTime() : null;
  }

  function rendition() {
    if (!hls || level === null || !hls.levels[level]) {
      return null;
    }
    // A media playlist without a multivariant one declares no size or bitrate: ask the decoder.
    const declared = hls.levels[level];
    return {
      index: level,
      width: declared.width || video.videoWidth || null,
      height: declared.height || video.videoHeight || null,
      bitrate: declared.bitrate || null,
      codecs: declared.codecs || null,
      auto: hls.autoLevelEnabled && hls.levels.length > 1,
    };
  }

  function describe(r) {
    if (!r) {
      return engine === 'native' ? 'chosen by the browser' : '–';
    }
    const parts = [r.height ? `${r.height}p` : 'audio only'];
    if (r.bitrate) {
      parts.push(`${Math.round(r.bitrate / 1000)} kbit/s`);
    }
    return parts.join(', ') + (r.auto ? ' (automatic)' : '');
  }

  function isPlaying() {
    return startedPlaying && !waiting && !video.paused && !video.ended;
  }

  function stats() {
    return {
      state,
      engine,
      stream,
      playing: isPlaying(),
      currentTime: video.currentTime,
      latency: hls ? finiteOrNull(hls.latency) : null,
      targetLatency: hls ? finiteOrNull(hls.targetLatency) : null,
      pdtLatency: pdtLatency(),
      stalls,
      stallEvents: stallEvents.map((event) => ({ ...event })),
      lastBuffered: recentFragments.length ? { ...recentFragments[recentFragments.length - 1] } : null,
      errors: errors.map((error) => ({ ...error })),
      levelSwitches,
      liveSkips,
      landingOnLiveSkip: landingOnLiveSkip(),
      level,
      rendition: rendition(),
      loadedParts,
      hlsVersion: window.Hls ? window.Hls.version : null,
    };
  }

  function recordError(type, details, fatal, extra) {
    errors.push({ time: Date.now(), type, details, fatal, ...extra });
    if (errors.length > MAX_ERRORS) {
      errors.shift();
    }
  }

  /** The moment the decoder needs to land on a live skip is a seek, not a stall. */
  function landingOnLiveSkip() {
    return liveSkips > 0 && Date.now() - lastLiveSkip <= LIVE_SKIP_LANDING_MS;
  }

  function countStall(cause) {
    if (startedPlaying && !landingOnLiveSkip()) {
      stalls += 1;
      stallEvents.push({ time: Date.now(), cause, currentTime: video.currentTime, bufferedAhead: bufferedAhead(),
        latency: hls ? finiteOrNull(hls.latency) : null, level, switching,
        sinceSwitchMs: lastSwitch ? Date.now() - lastSwitch : null, fragments: recentFragments.slice() });
      if (stallEvents.length > MAX_STALL_EVENTS) {
        stallEvents.shift();
      }
    }
  }

  function bufferedAhead() {
    const buffered = video.buffered;
    for (let i = 0; i < buffered.length; i++) {
      if (buffered.start(i) <= video.currentTime && video.currentTime <= buffered.end(i)) {
        return buffered.end(i) - video.currentTime;
      }
    }
    return 0;
  }

  function seconds(value) {
    return value === null ? '–' : `${value.toFixed(1)} s`;
  }

  function render() {
    const s = stats();
    // Once the hearing has ended there is nothing live to be behind.
    const live = s.state !== 'ended';
    ui.pdt.textContent = live && s.pdtLatency !== null ? seconds(s.pdtLatency / 1000) : '–';
    ui.latency.textContent = live ? seconds(s.latency) : '–';
    ui.target.textContent = live ? seconds(s.targetLatency) : '–';
    ui.level.textContent = describe(s.rendition);
    ui.stalls.textContent = String(stalls);
  }

  /** Skips ahead to the live sync position when playback has drifted behind the target latency. */
  function keepLive() {
    if (!hls || ended || !isPlaying() || Date.now() - lastLiveSkip < LIVE_SKIP_MIN_INTERVAL_MS
        || Date.now() - lastSwitch < (switching ? LIVE_SKIP_SWITCHING_MAX_MS : LIVE_SKIP_AFTER_SWITCH_MS)) {
      return;
    }
    const latency = hls.latency;
    const target = hls.targetLatency;
    const position = hls.liveSyncPosition;
    if (!Number.isFinite(latency) || !Number.isFinite(target) || !Number.isFinite(position)
        || latency - target < LIVE_DRIFT_SECONDS || position <= video.currentTime) {
      return;
    }
    const buffered = video.buffered;
    for (let i = 0; i < buffered.length; i++) {
      if (buffered.start(i) <= position && position < buffered.end(i) - 0.1) {
        lastLiveSkip = Date.now();
        liveSkips += 1;
        video.currentTime = position;
        return;
      }
    }
  }

  function tick() {
    keepLive();
    const pdt = pdtLatency();
    // Paused or ended, the playhead stands still and the "latency" only measures the wait; while
    // waiting for data it is sampled, so a stall shows as the latency it adds.
    if (pdt !== null && startedPlaying && !video.paused && !video.ended) {
      samples.push(pdt);
      if (samples.length > MAX_SAMPLES) {
        samples.shift();
      }
    }
    render();
  }

  function updateButtons() {
    ui.unmute.hidden = !video.muted;
  }

  function tryPlay() {
    const attempt = video.play();
    if (attempt && typeof attempt.catch === 'function') {
      // Even muted autoplay can be refused (data saver, low-power mode): let the viewer start it.
      attempt.then(() => { ui.play.hidden = true; }, () => { ui.play.hidden = false; });
    }
  }

  function scheduleRestart(nextState) {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    level = null;
    setState(nextState);
    if (retryTimer === null) {
      retryTimer = window.setTimeout(() => {
        retryTimer = null;
        startHls();
      }, retryDelay());
    }
  }

  function retryDelay() {
    const base = Math.min(MAX_RETRY_DELAY_MS, RETRY_DELAY_MS * 2 ** retries);
    retries += 1;
    return base * (0.75 + Math.random() * 0.5);
  }

  function onHlsError(_event, data) {
    const extra = {};
    if (data.response && typeof data.response.code === 'number') {
      extra.httpStatus = data.response.code;
    }
    if (data.reason) {
      extra.reason = String(data.reason);
    } else if (data.error && data.error.message) {
      extra.reason = String(data.error.message);
    }
    if (data.url) {
      extra.url = String(data.url);
    }
    recordError(data.type, data.details, data.fatal, extra);
    if (data.details === window.Hls.ErrorDetails.BUFFER_STALLED_ERROR) {
      countStall('bufferStalledError');
    }
    if (!data.fatal) {
      return;
    }
    const { ErrorTypes } = window.Hls;
    if (data.type === ErrorTypes.MEDIA_ERROR && mediaRecoveries < MAX_MEDIA_RECOVERIES) {
      mediaRecoveries += 1;
      hls.recoverMediaError();
      return;
    }
    if (ended) {
      return; // nothing more will come; keep what played
    }
    // A playlist that cannot be loaded mostly means "not publishing (yet)": the origin answers 404.
    scheduleRestart(data.type === ErrorTypes.NETWORK_ERROR ? 'offline' : 'error');
  }

  function startHls() {
    const Hls = window.Hls;
    mediaRecoveries = 0;
    // A long hearing on a phone: keep 90 s behind the playhead, not the whole morning.
    // Playback starts at an independent part, up to a GOP behind the server's hold-back, and
    // hls.js only returns to its target latency when allowed to play slightly faster; 1.1x is
    // inaudible for speech.
    hls = new Hls({ lowLatencyMode: true, backBufferLength: 90, maxLiveSyncPlaybackRate: 1.1 });
    hls.on(Hls.Events.ERROR, onHlsError);
    hls.on(Hls.Events.MANIFEST_PARSED, () => tryPlay());
    hls.on(Hls.Events.LEVEL_UPDATED, (_event, data) => {
      if (data.details.live) {
        if (!ended) {
          setState('live');
        }
      } else {
        ended = true; // EXT-X-ENDLIST: the publisher stopped; what is buffered still plays
        setState('ended');
      }
    });
    hls.on(Hls.Events.LEVEL_SWITCHING, () => {
      switching = true;
      lastSwitch = Date.now();
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => {
      if (level !== null && level !== data.level) {
        levelSwitches += 1;
      }
      level = data.level;
      switching = false;
      lastSwitch = Date.now();
    });

    hls.on(Hls.Events.FRAG_LOADED, (_event, data) => {
      if (data.part) {
        loadedParts += 1;
      }
    });
    hls.on(Hls.Events.FRAG_BUFFERED, (_event, data) => {
      const piece = data.part || data.frag;
      recentFragments.push({ time: Date.now(), level: data.frag.level, sn: data.frag.sn,
        part: data.part ? data.part.index : null, start: piece.start, end: piece.start + piece.duration });
      if (recentFragments.length > MAX_RECENT_FRAGMENTS) {
        recentFragments.shift();
      }
    });
    hls.loadSource(playlistUrl);
    hls.attachMedia(video);
  }

  function startNative() {
    // A live HLS presentation has an infinite duration until EXT-X-ENDLIST makes it finite.
    const checkEnded = () => {
      if (Number.isFinite(video.duration)) {
        ended = true;
        setState('ended');
      } else if (!ended) {
        setState('live');
      }
    };
    video.addEventListener('loadedmetadata', () => {
      checkEnded();
      tryPlay();
    });
    video.addEventListener('durationchange', checkEnded);
    video.addEventListener('error', () => {
      const error = video.error;
      recordError('mediaError', error ? `code${error.code}` : 'unknown', true,
        error && error.message ? { reason: error.message } : {});
      if (!ended) {
        setState('offline');
        window.setTimeout(() => { video.src = playlistUrl; }, retryDelay());
      }
    });
    video.src = playlistUrl;
  }

  video.addEventListener('playing', () => {
    startedPlaying = true;
    waiting = false;
    retries = 0;
    ui.play.hidden = true;
  });
  video.addEventListener('waiting', () => {
    waiting = true;
    countStall('waiting');
  });
  video.addEventListener('ended', () => {
    ended = true;
    setState('ended');
  });
  video.addEventListener('volumechange', updateButtons);
  ui.unmute.addEventListener('click', () => {
    video.muted = false;
    if (video.volume === 0) {
      video.volume = 1;
    }
    if (video.paused) {
      tryPlay();
    }
  });
  ui.play.addEventListener('click', () => tryPlay());

  window.courtcastPlayer = Object.freeze({
    stats,
    samples: () => samples.slice(),
    /** The Hls instance, for debugging from the console; null with native playback. */
    hls: () => hls,
  });

  setState('loading');
  updateButtons();
  if (!STREAM_NAME.test(stream)) {
    setState('nostream');
    return;
  }
  document.title = `${stream} – Court hearing live`;
  ui.title.textContent = `Court hearing: ${stream}`;

  if (window.Hls && window.Hls.isSupported()) {
    engine = 'hls.js';
    startHls();
  } else if (video.canPlayType(HLS_MIME)) {
    engine = 'native';
    startNative();
  } else {
    setState('unsupported');
    return;
  }
  window.setInterval(tick, SAMPLE_INTERVAL_MS);
})();
