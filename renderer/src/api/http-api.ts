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

/** The WerApi over HTTP + Server-Sent Events (browser mode), or undefined without a token. */
export function httpApi(): WerApi | undefined {
  const token = takeToken();
  if (!token) return undefined;
  const calls = Object.fromEntries(WER_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args, token)])) as unknown as WerCalls;
  return {
    ...calls,
    subscribe: (listener) => {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message) => listener(JSON.parse(message.data as string) as WerEvent);
      return () => source.close();
    },
  };
}
