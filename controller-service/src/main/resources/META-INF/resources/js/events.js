// The controller's change stream (/unstable/events, server-sent events), read with fetch so the
// token travels as a header. Reconnects after a pause when the stream breaks.

import { token } from './api.js';

const RETRY_MS = 3000;

/**
 * Calls onChange({kind, nwid, address}) for each change and onLive(true|false) as the stream opens
 * and breaks. Returns a function that stops it.
 */
export function follow(onChange, onLive) {
  let stopped = false;
  let abort = null;

  async function readOnce() {
    abort = new AbortController();
    const response = await fetch('/unstable/events', {
      headers: { 'X-ZT1-Auth': token() || '', Accept: 'text/event-stream' },
      signal: abort.signal,
      cache: 'no-store',
    });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''))
          .join('\n');
        if (!data) {
          continue;
        }
        const change = JSON.parse(data);
        if (change.kind === 'hello') {
          onLive(true);
        } else if (change.kind !== 'heartbeat') {
          onChange(change);
        }
      }
    }
  }

  (async () => {
    while (!stopped) {
      try {
        await readOnce();
      } catch (e) {
        // Broken or refused: fall through to the retry below.
      }
      if (stopped) {
        return;
      }
      onLive(false);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  })();

  return () => {
    stopped = true;
    if (abort) {
      abort.abort();
    }
  };
}
