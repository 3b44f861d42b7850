import { useState } from 'react';
import type { AppSettings, SettingsPatch, ThemeSetting } from '../../../../shared/settings-model';
import type { StoreStatus } from '../../../../shared/store-model';
import type { AppInfo, WerApi } from '../../../../shared/wer-api';
import { StateMessage } from '../../components/state-message';
import { SymbolSettings } from './symbol-settings';
import { WerDoctor } from './wer-doctor';
import './settings.css';

/** Props of the settings view. */
export interface SettingsViewProps {
  readonly api: WerApi;
  readonly info: AppInfo | null;
  readonly settings: AppSettings | null;
  readonly stores: readonly StoreStatus[];
  /** Called with the saved settings after each change. */
  readonly onSaved: (settings: AppSettings) => void;
}

const STATE_TEXT: Readonly<Record<StoreStatus['state'], string>> = {
  ok: 'readable',
  missing: 'not there (yet)',
  'access-denied': 'access denied',
  error: 'unreadable',
};

/** Stores, CER server, symbols, export defaults and look; each change is saved at once. */
export function SettingsView({ api, info, settings, stores, onSaved }: SettingsViewProps) {
  const [error, setError] = useState<string | null>(null);
  const [newStore, setNewStore] = useState('');
  const [cer, setCer] = useState<{ server: string; machine: string; user: string; caFile: string } | null>(null);
  if (!settings) return <StateMessage kind="loading" title="Loading the settings…" />;
  const cerFields = cer ?? { server: settings.cerServer, machine: settings.cerMachine, user: settings.cerUser, caFile: settings.cerCaFile };

  const save = async (patch: SettingsPatch) => {
    const r = await api.updateSettings(patch);
    if (r.ok) {
      setError(null);
      onSaved(r.value);
    } else setError(r.error);
    return r.ok;
  };
  const desktop = info?.mode === 'desktop';

  return (
    <div className="settings-view">
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <section>
        <h2>Report stores</h2>
        {!desktop && <p className="muted">In browser mode the stores are the folders given to <code>serve</code>; changes here apply to the desktop app.</p>}
        <label>
          <input type="checkbox" checked={settings.useDefaultStores} onChange={(e) => void save({ useDefaultStores: e.target.checked })} /> Read this
          machine’s WER stores (the sample store on other systems)
        </label>
        <table className="review-table">
          <tbody>
            {stores.map((s) => (
              <tr key={s.path}>
                <td>{s.label}</td>
                <td className="mono">{s.path}</td>
                <td>{STATE_TEXT[s.state]}</td>
                <td className="num">{s.reportCount} report(s)</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>More folders and bundles</h3>
        <ul className="store-list">
          {settings.extraStores.map((path) => (
            <li key={path}>
              <span className="mono">{path}</span>{' '}
              <button onClick={() => void save({ extraStores: settings.extraStores.filter((p) => p !== path) })} aria-label={`Remove ${path}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (newStore.trim()) void save({ extraStores: [...settings.extraStores, newStore.trim()] }).then((ok) => ok && setNewStore(''));
          }}
        >
          <input value={newStore} onChange={(e) => setNewStore(e.target.value)} placeholder="Folder or ticket bundle (.zip) path" aria-label="Folder or bundle path" />
          <button type="submit">Add</button>
          {desktop && (
            <button type="button" onClick={() => void api.addFolder().then((r) => (r.ok ? r.value && onSaved(r.value) : setError(r.error)))}>
              Browse…
            </button>
          )}
        </form>
      </section>
      <section>
        <h2>Corporate Error Reporting</h2>
        <form
          className="grid-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save({ cerServer: cerFields.server, cerMachine: cerFields.machine, cerUser: cerFields.user, cerCaFile: cerFields.caFile }).then((ok) => ok && setCer(null));
          }}
        >
          <label>
            Server <input value={cerFields.server} onChange={(e) => setCer({ ...cerFields, server: e.target.value })} placeholder="http://cer.example.com:1273" />
          </label>
          <label>
            Machine name sent <input value={cerFields.machine} onChange={(e) => setCer({ ...cerFields, machine: e.target.value })} placeholder="this computer" />
          </label>
          <label>
            User name sent <input value={cerFields.user} onChange={(e) => setCer({ ...cerFields, user: e.target.value })} placeholder="the current user" />
          </label>
          <label title="For https:// servers whose certificates a company CA signed (the CER server and symbol servers): that CA's certificate as a PEM file on this computer.">
            Company CA file (HTTPS: CER and symbol servers){' '}
            <input value={cerFields.caFile} onChange={(e) => setCer({ ...cerFields, caFile: e.target.value })} placeholder="PEM; only for HTTPS with a company CA" />
          </label>
          <button type="submit" disabled={cer === null}>
            Save
          </button>
        </form>
      </section>
      <SymbolSettings api={api} settings={settings} save={save} />
      <WerDoctor api={api} />
      <section>
        <h2>Ticket bundles</h2>
        <label>
          <input type="checkbox" checked={settings.exportDefaults.redact} onChange={(e) => void save({ exportDefaults: { redact: e.target.checked } })} /> Redact
          personal data by default
        </label>
        <label>
          <input type="checkbox" checked={settings.exportDefaults.includeDumps} onChange={(e) => void save({ exportDefaults: { includeDumps: e.target.checked } })} />{' '}
          Include minidumps by default
        </label>
      </section>
      <section>
        <h2>Look and notifications</h2>
        <label>
          Theme{' '}
          <select value={settings.theme} onChange={(e) => void save({ theme: e.target.value as ThemeSetting })}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        {desktop && (
          <label>
            <input type="checkbox" checked={settings.notifyNewCrashes} onChange={(e) => void save({ notifyNewCrashes: e.target.checked })} /> Show a
            notification when a new crash is reported
          </label>
        )}
      </section>
    </div>
  );
}
