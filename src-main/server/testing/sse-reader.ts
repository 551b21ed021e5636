import { Event } from '../../../src-shared/models';

export interface SseMessage {
  id: string | null;
  event: Event;
}

/**
 * Reads Server-Sent Events from a response body until `done` says so (or the stream ends), the way a
 * client sees them: only whole messages count, a message cut off by a dropped connection does not.
 * Every event is checked against the shared schema.
 */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  done: (messages: readonly SseMessage[]) => boolean,
  timeoutMs = 20_000,
): Promise<SseMessage[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!done(messages)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${messages.length} SSE messages`);
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('SSE read timed out')), left)),
      ]);
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message = parseBlock(block);
        if (message) messages.push(message);
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return messages;
}

function parseBlock(block: string): SseMessage | null {
  let id: string | null = null;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return null;
  return { id, event: Event.parse(JSON.parse(data.join('\n'))) };
}
