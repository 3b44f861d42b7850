import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '../../../../shared/report-summary';
import type { AppSettings, SettingsPatch } from '../../../../shared/settings-model';
import { MICROSOFT_SYMBOL_SERVER_URL, type SymbolSetup, type SymbolSetupDraft } from '../../../../shared/symbol-setup-model';
import type { WerApi } from '../../../../shared/wer-api';
import { Modal } from '../../components/modal';
import { SymbolPathList, SymbolPathProblems } from './symbol-path-list';

/** Props of the Symbols section. */
export interface SymbolSettingsProps {
  readonly api: WerApi;
  readonly settings: AppSettings;
  /** Saves a change; resolves to whether it was saved (the page shows why not). */
  readonly save: (patch: SettingsPatch) => Promise<boolean>;
}

// Long enough not to ask the app at every key stroke, short enough to feel live.
const PREVIEW_DELAY_MS = 250;

function sizeText(size: SymbolSetup['cacheSize']): string {
  if (size === null) return 'size unknown';
  return size.files === 0 ? 'empty' : `${size.files} file${size.files === 1 ? '' : 's'}, ${formatBytes(size.bytes)}`;
}

/** The Symbols section: symbol path, Microsoft's server, the cache and the effective path. */
export function SymbolSettings({ api, settings, save }: SymbolSettingsProps) {
  const [draft, setDraft] = useState<{ path: string; cacheDir: string } | null>(null);
  const [setup, setSetup] = useState<SymbolSetup | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [clearing, setClearing] = useState(false);
  const [cleared, setCleared] = useState<string | null>(null);
  const asked = useRef(0);
  const fields = draft ?? { path: settings.symbolPath, cacheDir: settings.symbolCacheDir };

  const { symbolPath, symbolMicrosoftServer, symbolCacheDir } = settings;
  useEffect(() => {
    const ask: SymbolSetupDraft | undefined = draft ? { symbolPath: draft.path, symbolCacheDir: draft.cacheDir } : undefined;
    const run = () => {
      // Answers can overtake each other: only the latest question's answer is shown.
      const mine = ++asked.current;
      void api.symbolSetup(ask).then((r) => {
        if (mine !== asked.current) return;
        if (r.ok) {
          setSetup(r.value);
          setPreviewError(null);
        } else setPreviewError(r.error);
      });
    };
    if (!draft) {
      run();
      return undefined;
    }
    const timer = setTimeout(run, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, draft, symbolPath, symbolMicrosoftServer, symbolCacheDir]);

  const clear = async () => {
    setClearing(true);
    const r = await api.clearSymbolCache();
    setClearing(false);
    setConfirming(false);
    if (!r.ok) {
      setCleared(r.error);
      return;
    }
    const kept = r.value.kept.length > 0 ? ` Left alone (not symbol files): ${r.value.kept.join(', ')}.` : '';
    setCleared(`Cleared: ${r.value.removed} item${r.value.removed === 1 ? '' : 's'} removed.${kept}`);
    setSetup((s) => (s ? { ...s, cacheSize: r.value.cacheSize } : s));
  };

  const settingProblems = setup?.problems.filter((p) => p.origin === 'settings') ?? [];
  // Clear acts on the saved folder; while another one is being typed, the size shown is not the saved folder's.
  const cacheEdited = draft !== null && draft.cacheDir.trim() !== settings.symbolCacheDir;

  return (
    <section aria-labelledby="symbols-heading" className="symbol-settings">
      <h2 id="symbols-heading">Symbols</h2>
      <p className="muted">Symbol files (PDBs) turn addresses in dumps into function names. Nothing is downloaded unless a server is in the path below.</p>
      <form
        className="symbol-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft) void save({ symbolPath: draft.path, symbolCacheDir: draft.cacheDir }).then((ok) => ok && setDraft(null));
        }}
      >
        <label>
          Symbol path{' '}
          <input
            className="mono"
            value={fields.path}
            onChange={(e) => setDraft({ ...fields, path: e.target.value })}
            placeholder="srv*C:\Symbols*https://symbols.example.com;D:\builds\pdb"
            aria-describedby="symbol-path-hint symbol-path-problems"
            spellCheck={false}
          />
        </label>
        <p id="symbol-path-hint" className="muted hint">
          WinDbg syntax, elements separated by “;”: <code>srv*CACHE*URL</code> for a symbol server, <code>cache*FOLDER</code>, or a folder of PDBs.
        </p>
        {/* Always there, so a screen reader announces the problems that appear while typing. */}
        <div aria-live="polite">
          <SymbolPathProblems id="symbol-path-problems" problems={settingProblems} />
        </div>
        <label>
          Cache folder{' '}
          <input
            className="mono"
            value={fields.cacheDir}
            onChange={(e) => setDraft({ ...fields, cacheDir: e.target.value })}
            placeholder={setup?.defaultCacheDir ?? 'the symbols folder in the app’s data folder'}
            spellCheck={false}
          />
        </label>
        {previewError && (
          <p className="notice error" role="status">
            {previewError}
          </p>
        )}
        <button type="submit" disabled={draft === null} aria-label="Save symbol settings">
          Save
        </button>
      </form>
      <label>
        <input type="checkbox" checked={settings.symbolMicrosoftServer} onChange={(e) => void save({ symbolMicrosoftServer: e.target.checked })} /> Use
        Microsoft’s public symbol server (downloads from {MICROSOFT_SYMBOL_SERVER_URL} when a dump needs symbols of Windows)
      </label>
      <p className="symbol-cache">
        Cache <span className="mono">{setup?.cacheDir ?? '…'}</span>: <span id="symbol-cache-size">{setup ? sizeText(setup.cacheSize) : '…'}</span>{' '}
        <button
          type="button"
          aria-describedby="symbol-cache-size"
          onClick={() => {
            setCleared(null);
            setConfirming(true);
          }} disabled={!setup || cacheEdited} title={cacheEdited ? 'Save the cache folder first' : undefined}>
          Clear…
        </button>
      </p>
      {setup?.cacheError && <p className="notice error">{setup.cacheError}</p>}
      {cleared && <p role="status">{cleared}</p>}
      {confirming && setup && (
        <Modal
          title="Clear the symbol cache?"
          onClose={() => setConfirming(false)}
          busy={clearing}
          footer={
            <>
              <button onClick={() => void clear()} disabled={clearing}>
                Clear the cache
              </button>
              <button onClick={() => setConfirming(false)} disabled={clearing}>
                Cancel
              </button>
            </>
          }
        >
          <p>
            Deletes the symbol files in <span className="mono">{setup.cacheDir}</span> ({sizeText(setup.cacheSize)}). They are downloaded or copied again when
            needed. Other files in that folder, and caches named in the symbol path, are left alone.
          </p>
        </Modal>
      )}
      {setup && <SymbolPathList elements={setup.elements} problems={setup.problems} />}
    </section>
  );
}
