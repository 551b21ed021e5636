/**
 * Renderer memory (issue 8 §3): a session of 1,000,000 events, live, through the real main bundle into the
 * real renderer in Chromium (E2E harness). Three replay agents write 3,500 lines/s each until the session's
 * log holds a million events; the page shows the session with a worker's log tab open and following. The renderer's
 * JS heap is read after a full garbage collection (Chrome DevTools Protocol) once the page has received
 * 10,000 events and again once it has all of them. Budget: growth ≤ 50 MB.
 */
import { join } from 'node:path';
import { round, scratch } from './lib/harness';
import {
  buildApp,
  heapMb,
  installProbe,
  launchApp,
  openSession,
  readProbe,
  sleep,
  startSession,
  type PageGlobals,
} from './lib/app-bench';
import type { Bench } from './types';

/** Events per replayed line, about, over the three formats (a line can be a tool call and a command). */
const EVENTS_PER_LINE = 1.5;

export const run: Bench = async ({ quick, log }) => {
  const target = quick ? 40_000 : 1_000_000;
  const first = 10_000;
  const linesPerAgent = Math.ceil(target / EVENTS_PER_LINE / 3);
  // Fast, but at a pace the page is measured at 10,000 events rather than after a burst of many more.
  const rate = quick ? 2_000 : 3_500;
  const { dir, cleanup } = scratch('memory-renderer');
  buildApp();
  const app = await launchApp({
    dir,
    replayEnv: { REPLAY_LINES: String(linesPerAgent), REPLAY_RATE: String(rate) },
    startDelay: 4,
  });
  try {
    log(`memory-renderer: 3 replay agents × ${linesPerAgent} lines at ${rate}/s, into the app and Chromium`);
    const sessionId = await startSession(app, join(dir, 'repo'));
    await openSession(app, sessionId);
    await installProbe(app.page);
    // A worker's normalized log open, following the tail, as a person watching would have it.
    await app.page.getByRole('tab', { name: app.agents[0] }).click();
    const cdp = await app.page.context().newCDPSession(app.page);

    while ((await readProbe(app.page)).events < first) await sleep(50);
    const early = await heapMb(cdp);
    const earlyEvents = (await readProbe(app.page)).events;
    log(`memory-renderer: ${round(early)} MB at ${earlyEvents} events`);

    const started = Date.now();
    for (;;) {
      await sleep(2_000);
      const state = await app.page.evaluate(
        (id) => (globalThis as unknown as PageGlobals).orchestrator.session.state({ sessionId: id }),
        sessionId,
      );
      if (!state.ok) throw new Error(state.error.message);
      const probe = await readProbe(app.page);
      const ended = ['completed', 'failed', 'stopped'].includes(state.value.status);
      // Ended, and nothing more reaches the page: it has every event of the log.
      if (ended) {
        await sleep(2_000);
        if ((await readProbe(app.page)).lastSeq === probe.lastSeq) break;
      }
      if (Date.now() - started > (quick ? 120_000 : 900_000))
        throw new Error('the session did not end in time');
    }
    const late = await heapMb(cdp);
    const probe = await readProbe(app.page);
    log(`memory-renderer: ${round(late)} MB at ${probe.events} events`);
    return {
      rendererGrowthMb: round(late - early),
      heapAtStartMb: round(early),
      heapAtEndMb: round(late),
      eventsAtStart: earlyEvents,
      events: probe.events,
    };
  } finally {
    await app.close();
    cleanup();
  }
};
