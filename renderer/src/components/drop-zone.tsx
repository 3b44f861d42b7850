import { type ReactNode, useState } from 'react';
import type { AppSettings } from '../../../shared/settings-model';
import type { WerApi } from '../../../shared/wer-api';

/**
 * Dropping ticket bundles (.zip), report folders, saved event logs (.evtx) or dump files on the
 * window opens them as extra, read-only stores (desktop): the library reads a log's crash records
 * and a dump's one record. Browser pages cannot see file paths (a dropped file is only its bytes),
 * so browser mode says how to do it instead: give the paths to `serve`.
 */
export function DropZone({ api, settings, onSaved, onMessage, children }: {
  readonly api: WerApi;
  readonly settings: AppSettings | null;
  readonly onSaved: (settings: AppSettings) => void;
  readonly onMessage: (message: string) => void;
  readonly children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  const onDrop = async (files: readonly File[]) => {
    if (!api.pathForFile) {
      onMessage('In browser mode, open bundles, event logs and dumps by giving them to serve: wer-explorer serve bundle.zip Application.evtx');
      return;
    }
    const paths = files.map((f) => api.pathForFile?.(f) ?? null).filter((p): p is string => p !== null);
    if (paths.length === 0 || !settings) return onMessage('Nothing to open: drop ticket bundles (.zip), report folders, event logs (.evtx) or dumps (.dmp).');
    const r = await api.updateSettings({ extraStores: [...settings.extraStores, ...paths] });
    if (!r.ok) return onMessage(r.error);
    onSaved(r.value);
    onMessage(`Opened ${paths.length} item(s) as read-only stores; remove them in Settings.`);
  };
  return (
    <div
      className={`drop-zone${over ? ' drop-over' : ''}`}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void onDrop([...e.dataTransfer.files]);
      }}
    >
      {children}
    </div>
  );
}
