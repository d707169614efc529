/** Reads a server-sent event stream: each `data:` payload as parsed JSON, in order, until `close()`. */
export class EventStreamReader<T> {
  private readonly controller = new AbortController();
  private readonly received: T[] = [];
  private readonly done: Promise<void>;

  private constructor(response: Response) {
    this.done = this.read(response).catch(() => undefined);
  }

  /** Opens the stream at `url`; rejects unless the server answers 200 with `text/event-stream`. */
  static async open<T>(url: string): Promise<EventStreamReader<T>> {
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
      throw new Error(`${url} answered ${response.status} ${response.headers.get('content-type')}`);
    }
    const reader = new EventStreamReader<T>(response);
    reader.controller.signal.addEventListener('abort', () => controller.abort());
    return reader;
  }

  /** The events received so far. */
  get events(): readonly T[] {
    return this.received;
  }

  /** Resolves when the server ends the stream (or `close()` is called). */
  ended(): Promise<void> {
    return this.done;
  }

  close(): Promise<void> {
    this.controller.abort();
    return this.done;
  }

  private async read(response: Response): Promise<void> {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (data !== '') this.received.push(JSON.parse(data) as T);
      }
    }
  }
}
