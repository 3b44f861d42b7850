/** Clipboard writes for the detail pane, as Results so the UI can say what went wrong. */
import type { Result } from '../../../../shared/result';

/** Copies text to the clipboard; the clipboard is missing outside secure contexts. */
export async function copyText(text: string): Promise<Result<void>> {
  try {
    if (!navigator.clipboard) return { ok: false, error: 'the clipboard is not available in this window' };
    await navigator.clipboard.writeText(text);
    return { ok: true, value: undefined };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
