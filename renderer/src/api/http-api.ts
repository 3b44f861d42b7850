import { err, type Result } from '../../../shared/result';
import { WER_METHODS, type WerApi, type WerCalls, type WerEvent } from '../../../shared/wer-api';

const TOKEN_KEY = 'wer-explorer-token';

/**
 * The token of browser mode: from `?token=` on first load (then removed from the address bar so
 * it does not end up in screenshots or bookmarks), from this tab's session storage after that.
 */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

async function call(method: string, args: unknown[], token: string): Promise<Result<unknown>> {
  try {
    const res = await fetch(`/api/call/${method}`, {
      method: 'POST',
      headers: { 'X-Wer-Token': token, 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    });
    if (!res.ok) return err(`${res.status}: ${await res.text()}`);
    return (await res.json()) as Result<unknown>;
  } catch (e) {
    return err(`The WER Explorer server did not answer (${e instanceof Error ? e.message : String(e)}). Is \`serve\` still running?`);
  }
}

/** Adds the token to a download URL handed out by the server (a link cannot send headers). */
export function withToken(url: string): string {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/**
 * A `subscribe` over one event stream shared by every listener: the library, forwarding and each
 * open dialog listen at once, and a stream each would send and parse every event several times
 * (and a dialog's own stream would connect only after the task it watches had started). The
 * stream opens with the first listener and closes with the last.
 */
function sharedEventStream(open: () => EventSource): WerApi['subscribe'] {
  // Wrapped entries, so one function subscribed twice is called twice and unsubscribed once per call.
  const listeners = new Set<{ readonly listener: (event: WerEvent) => void }>();
  let source: EventSource | null = null;
  return (listener) => {
    const entry = { listener };
    listeners.add(entry);
    if (!source) {
      source = open();
      source.onmessage = (message) => {
        const event = JSON.parse(message.data as string) as WerEvent;
        // A copy, checked as it goes: a listener may unsubscribe itself or another (a dialog closing
        // on its task's end) during the round, and one gone gets nothing more.
        for (const current of [...listeners]) {
          if (!listeners.has(current)) continue;
          try {
            current.listener(event);
          } catch (e) {
            // As with a stream each: one failing listener must not starve the rest; still report it.
            queueMicrotask(() => {
              throw e;
            });
          }
        }
      };
    }
    return () => {
      if (!listeners.delete(entry) || listeners.size > 0) return;
      source?.close();
      source = null;
    };
  };
}

/** The WerApi over HTTP + Server-Sent Events (browser mode), or undefined without a token. */
export function httpApi(): WerApi | undefined {
  const token = takeToken();
  if (!token) return undefined;
  const calls = Object.fromEntries(WER_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args, token)])) as unknown as WerCalls;
  return { ...calls, subscribe: sharedEventStream(() => new EventSource(`/api/events?token=${encodeURIComponent(token)}`)) };
}
