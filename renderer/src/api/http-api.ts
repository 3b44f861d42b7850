import type { LibraryEvent } from '../../../shared/library-model';
import { err, type Result } from '../../../shared/result';
import type { ReportsSnapshot, WerApi } from '../../../shared/wer-api';

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

async function getJson<T>(path: string, token: string): Promise<Result<T>> {
  try {
    const res = await fetch(path, { headers: { 'X-Wer-Token': token } });
    if (!res.ok) return err(`${res.status}: ${await res.text()}`);
    return (await res.json()) as Result<T>;
  } catch (e) {
    return err(`The WER Explorer server did not answer (${e instanceof Error ? e.message : String(e)}). Is \`serve\` still running?`);
  }
}

/** The WerApi over HTTP + Server-Sent Events (browser mode), or undefined without a token. */
export function httpApi(): WerApi | undefined {
  const token = takeToken();
  if (!token) return undefined;
  return {
    listReports: () => getJson<ReportsSnapshot>('/api/reports', token),
    subscribe: (listener) => {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message) => listener(JSON.parse(message.data as string) as LibraryEvent);
      return () => source.close();
    },
  };
}
