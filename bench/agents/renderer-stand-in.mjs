/**
 * Stands in for the renderer process in the benchmarks: a forked Node process receiving what the main
 * process sends it over an IPC channel, as the app's renderer receives `session:events`. Launch it with
 * `fork(path, { serialization: 'advanced' })`: structured clone, like Electron's IPC.
 *
 * Messages in:
 *   {sessionId, lastSeq, eventsJson}  a hub batch as the app sends it (SessionEventsWire)
 *   {line: object}                 one parsed line (the naive pipeline's one message per line)
 *   {ctl: 'reset'}                 zeroes the stats (between a warm-up session and the measured one)
 *   {ctl: 'ping', id}              answered with {ctl: 'pong', id, stats} once everything sent before it
 *                                  has been received (one channel is ordered)
 * Messages out: the pong, {ctl: 'received', sessionId, seq} after each hub batch (as the app's preload
 * confirms it with session:received), and {ctl: 'progress', lastSeq, events} every 250 ms.
 * stats: {messages, events, lines, lastSeq, firstAt, firstOutputAt, startingAt, startedAt}, each
 * {workerId: ms since the epoch}: when the worker's first event arrived (Date.now()), its first event parsed
 * from the CLI's stdout (they carry `lines`), and the `ts` of its "starting" status and of its
 * worker_started event (stamped right after the spawn); firstOutputTs is the `ts` of that first output
 * event (when the hub stamped it).
 */
const stats = {
  messages: 0,
  events: 0,
  lines: 0,
  lastSeq: 0,
  firstAt: {},
  firstOutputAt: {},
  firstOutputTs: {},
  startedAt: {},
  startingAt: {},
};

process.on('message', (message) => {
  if (message.ctl === 'ping') {
    process.send({ ctl: 'pong', id: message.id, stats });
    return;
  }
  if (message.ctl === 'reset') {
    Object.assign(stats, {
      messages: 0,
      events: 0,
      lines: 0,
      lastSeq: 0,
      firstAt: {},
      firstOutputAt: {},
      firstOutputTs: {},
      startedAt: {},
      startingAt: {},
    });
    return;
  }
  stats.messages += 1;
  if (typeof message.eventsJson === 'string') {
    const now = Date.now();
    // The page parses a batch's text once, as the app's client does (readSessionEvents).
    const events = JSON.parse(message.eventsJson);
    for (const event of events) {
      stats.events += 1;
      stats.lastSeq = event.seq;
      const worker = event.workerId;
      if (worker === undefined) continue;
      stats.firstAt[worker] ??= now;
      if (event.lines && stats.firstOutputAt[worker] === undefined) {
        stats.firstOutputAt[worker] = now;
        stats.firstOutputTs[worker] = Date.parse(event.ts);
      } else if (event.type === 'worker_started') stats.startedAt[worker] ??= Date.parse(event.ts);
      else if (event.type === 'worker_status' && event.payload.status === 'starting') {
        stats.startingAt[worker] ??= Date.parse(event.ts);
      }
    }
    // As the app's preload does once the page has taken a batch: main sends only so far ahead of this.
    process.send({ ctl: 'received', sessionId: message.sessionId, seq: message.lastSeq });
  } else if (message.line !== undefined) {
    stats.lines += 1;
  }
});

/** Progress every 250 ms, so the main process can tell how far behind its renderer is. */
setInterval(
  () => process.send({ ctl: 'progress', lastSeq: stats.lastSeq, events: stats.events }),
  250,
).unref();

process.on('disconnect', () => process.exit(0));
