// Server-sent events over fetch(), so that the Authorization header is sent (EventSource cannot
// send one). Reconnects after a drop with Last-Event-ID, backing off up to 10 s; every
// (re)connection starts with the server's snapshot, which onOpen lets the page re-read around.

export function follow(url, token, { onEvent, onOpen, onState }) {
  let stopped = false;
  let lastEventId = null;
  let controller = null;
  let delay = 500;

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      const headers = { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' };
      if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
      try {
        const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok) {
          onState?.('off', `HTTP ${response.status}`);
          if (response.status === 401 || response.status === 403 || response.status === 404) return; // retrying will not help
        } else {
          onState?.('on');
          delay = 500;
          onOpen?.();
          await read(response.body);
          if (stopped) return;
          onState?.('off', 'stream ended');
        }
      } catch (e) {
        if (stopped) return;
        onState?.('off', 'connection lost');
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10000);
    }
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  function dispatch(block) {
    let event = 'message';
    const data = [];
    let id = null;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue; // a comment: the server's keep-alive
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (id !== null) lastEventId = id;
    if (data.length === 0) return;
    try {
      onEvent(event, JSON.parse(data.join('\n')));
    } catch (e) {
      console.warn('unreadable event', e);
    }
  }

  connect();
  return {
    close() {
      stopped = true;
      controller?.abort();
    },
  };
}
