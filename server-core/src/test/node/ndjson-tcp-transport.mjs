// An MCP SDK Transport over one TCP connection carrying newline-delimited JSON-RPC (Tachyon's
// TCP framing). Shared by the interop scripts of the v1 and v2 TypeScript SDK clients: both
// take any object with start/send/close and the onmessage/onclose/onerror callbacks.

import net from 'node:net';

/**
 * An SDK Transport over one TCP connection: each message is one line of JSON. Incoming bytes
 * are split on '\n' before UTF-8 decoding, so a character split across reads stays whole.
 *
 * Messages are handed to the client one per event-loop turn, in order. The SDK runs
 * notification handlers a microtask later but handles responses at once, and forgets a
 * request's progress callback when its response arrives; delivering a whole TCP read in one
 * synchronous loop would let the response overtake the progress notifications the server
 * sent before it (the server's order is right; it is the client that would reorder).
 */
export class NdjsonTcpTransport {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.pending = [];
    this.inbox = [];
    this.pumping = false;
    this.closed = false;
  }

  start() {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port });
      this.socket = socket;
      socket.setNoDelay(true);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', (error) => this.onerror?.(error));
        resolve();
      });
      socket.once('error', reject);
      socket.on('data', (chunk) => this.#read(chunk));
      socket.on('close', () => this.#closed());
    });
  }

  #read(chunk) {
    let start = 0;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, start)) {
      this.pending.push(chunk.subarray(start, i));
      const line = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      start = i + 1;
      if (line.trim() === '') {
        continue;
      }
      let message;
      try {
        message = JSON.parse(line);
      } catch (error) {
        this.onerror?.(new Error(`server sent a line that is not JSON: ${line.slice(0, 200)}`));
        continue;
      }
      this.inbox.push(message);
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start));
    }
    this.#pump();
  }

  #pump() {
    if (this.pumping || this.inbox.length === 0) {
      return;
    }
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      const message = this.inbox.shift();
      this.onmessage?.(message);
      this.#pump();
    });
  }

  #closed() {
    if (!this.closed) {
      this.closed = true;
      this.onclose?.();
    }
  }

  send(message) {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error('connection closed'));
        return;
      }
      this.socket.write(JSON.stringify(message) + '\n', (error) => (error ? reject(error) : resolve()));
    });
  }

  async close() {
    if (this.socket && !this.closed) {
      await new Promise((resolve) => {
        this.socket.once('close', resolve);
        this.socket.end();
      });
    }
  }
}
