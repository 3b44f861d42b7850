import type { StoreStatus } from '../../../shared/store-model';
import type { AppInfo } from '../../../shared/wer-api';

/**
 * Store problems the user can act on. A missing default store is normal (Windows creates them on
 * the first crash) and not shown; access denied on the machine stores gets the elevation hint.
 */
export function StoreNotes({ stores, info }: { readonly stores: readonly StoreStatus[]; readonly info: AppInfo | null }) {
  const notes = stores.filter((s) => s.message && !(s.state === 'missing' && s.scope !== 'extra'));
  const denied = stores.some((s) => s.state === 'access-denied' && s.scope === 'machine');
  if (notes.length === 0 && !denied) return null;
  return (
    <div className="store-notes">
      {denied && info?.elevated !== true && (
        <p className="notice" role="alert">
          Windows keeps the machine-wide reports readable by administrators only. To see them, close WER Explorer and start it
          again with <strong>Run as administrator</strong>.
        </p>
      )}
      {notes.map((s) => (
        <p key={s.path} className={`notice${s.state === 'error' ? ' error' : ''}`}>
          <strong>{s.label}:</strong> {s.message}
        </p>
      ))}
    </div>
  );
}
