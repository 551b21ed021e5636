/* global document, window, requestAnimationFrame, HTMLInputElement */
/**
 * Measurements that run inside the app's page (loaded by bench/lib/app-bench.ts into every document as
 * `globalThis.__bench`): plain browser JavaScript, so it needs neither DOM types in the benches' tsconfig
 * nor the helpers a TypeScript compiler would add to a function handed to page.evaluate.
 */
(() => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const logView = (name) => document.querySelector(`[role="log"][aria-label="${name}"]`);

  /** The stamp a replay agent (REPLAY_STAMP=1) put in an assistant message: when its line was written. */
  const STAMP = /\[replay-stamp:(\d+)\]/;
  const stampOf = (event) => (event.type === 'message' ? STAMP.exec(event.payload.text)?.[1] : undefined);

  /**
   * Counts the events that reach the page, and times each stamped one to its arrival on the page (the
   * bridge's listener) and to the store (the app's `orchestrator:applied`, dispatched once a batch is in it).
   */
  function installProbe() {
    const probe = { events: 0, lastSeq: 0, stamped: [], stages: [], firstAt: 0 };
    window.orchestrator.onEvents((payload) => {
      const arrived = Date.now();
      // The batch crosses as JSON text (SessionEventsWire); the probe reads its own copy.
      const events = JSON.parse(payload.eventsJson);
      for (const event of events) {
        const at = stampOf(event);
        if (at !== undefined)
          probe.stages.push([Number(at), Date.parse(event.ts) - Number(at), arrived - Number(at)]);
      }
      probe.events += events.length;
      probe.lastSeq = payload.lastSeq ?? probe.lastSeq;
      probe.firstAt ||= arrived;
    });
    window.addEventListener('orchestrator:applied', (event) => {
      const now = Date.now();
      for (const applied of event.detail.events) {
        const at = stampOf(applied);
        if (at !== undefined) probe.stamped.push([Number(at), now - Number(at)]);
      }
    });
    globalThis.__benchProbe = probe;
  }

  /**
   * Clicks the control of that role and name, then waits until the log view's rendered rows all have
   * their content and one more frame: ms until that frame is painted.
   */
  async function timeToRows(role, name, log) {
    const control = [...document.querySelectorAll(`[role="${role}"]`)].find((el) => el.textContent === name);
    if (!control) throw new Error(`no ${role} named ${name}`);
    const started = performance.now();
    control.click();
    for (;;) {
      const rows = [...(logView(log)?.querySelectorAll('.virtual-row') ?? [])];
      const waiting = rows.some(
        (row) => row.textContent === '…' || row.querySelector('.muted')?.textContent === '…',
      );
      if (rows.length > 0 && !waiting) break;
      await frame();
    }
    await frame();
    await new Promise((resolve) => setTimeout(resolve, 0));
    return performance.now() - started;
  }

  /**
   * Scrolls the log view by `step` px every frame for `frames` frames, towards whichever end is farther:
   * frames per second, and the longest frame.
   */
  async function scrollFps(log, step, frames) {
    const view = logView(log);
    const down = view.scrollTop < (view.scrollHeight - view.clientHeight) / 2;
    const times = [];
    await new Promise((resolve) => {
      const tick = (time) => {
        times.push(time);
        view.scrollTop = down ? view.scrollTop + step : Math.max(0, view.scrollTop - step);
        if (times.length < frames) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    let longestMs = 0;
    for (let i = 1; i < times.length; i++) longestMs = Math.max(longestMs, times[i] - times[i - 1]);
    return { fps: ((times.length - 1) * 1000) / (times.at(-1) - times[0]), longestMs };
  }

  /** Types the query into the open view's search field: ms until its count of matches (or none) shows. */
  async function timeToSearch(query) {
    const input = document.querySelector('#log-search');
    const status = document.querySelector('.match-count');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const type = (text) => {
      setValue.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    type('');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    type(query);
    while (!/^\d+ of \d+$|^no matches$/.test(status.textContent ?? '')) await frame();
    await frame();
    const ms = performance.now() - started;
    const shown = status.textContent ?? '';
    type('');
    return { ms, status: shown };
  }

  globalThis.__bench = { installProbe, timeToRows, scrollFps, timeToSearch };
})();
