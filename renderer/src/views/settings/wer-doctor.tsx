import { useCallback, useEffect, useState } from 'react';
import type { DoctorOutcome, DoctorSetting, RegData } from '../../../../shared/doctor-model';
import type { WerApi } from '../../../../shared/wer-api';
import './wer-doctor.css';

/** Props of the "Why no reports?" section. */
export interface WerDoctorProps {
  readonly api: WerApi;
}

function dataText(v: RegData): string {
  if (Array.isArray(v)) return v.join(', ');
  return v === null ? '(unreadable)' : String(v);
}

function SettingsTable({ settings }: { readonly settings: readonly DoctorSetting[] }) {
  if (settings.length === 0) return <p className="muted">No WER settings are set in the registry.</p>;
  return (
    <details>
      <summary>Effective settings ({settings.length})</summary>
      <table className="review-table">
        <tbody>
          {settings.map((s) => (
            <tr key={`${s.path}\\${s.name}`}>
              <td className="mono doctor-path">{s.path}</td>
              <td className="mono">{s.name || '(Default)'}</td>
              <td className="mono">{dataText(s.value)}</td>
              <td>{s.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/**
 * "Why no reports?": the WER settings doctor's findings over this machine's live registry, the
 * same as `wer-explorer doctor`. Off Windows it says so and offers nothing else.
 */
export function WerDoctor({ api }: WerDoctorProps) {
  const [outcome, setOutcome] = useState<DoctorOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const check = useCallback(async () => {
    setChecking(true);
    const r = await api.runDoctor();
    setChecking(false);
    if (r.ok) {
      setOutcome(r.value);
      setError(null);
    } else setError(r.error);
  }, [api]);

  useEffect(() => {
    void check();
  }, [check]);

  return (
    <section aria-labelledby="doctor-heading" className="wer-doctor">
      <h2 id="doctor-heading">Why no reports?</h2>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {outcome === null && !error && <p className="muted">Reading the WER settings…</p>}
      {outcome?.kind === 'unavailable' && <p className="muted">{outcome.reason}</p>}
      {outcome?.kind === 'report' && (
        <>
          <p className="muted">What the Windows Error Reporting settings in the registry mean for crash reports and dumps on this machine.</p>
          <ul className="doctor-findings">
            {outcome.report.findings.map((f, i) => (
              <li key={`${f.id}-${f.subject}-${i}`} className={`doctor-finding doctor-${f.severity}`}>
                <strong>
                  {f.severity === 'error' ? 'Error' : f.severity === 'warning' ? 'Warning' : 'Info'}: {f.subject}
                </strong>
                <p>{f.message}</p>
                <p className="muted">Fix: {f.fix}</p>
              </li>
            ))}
          </ul>
          <SettingsTable settings={outcome.report.settings} />
          {outcome.report.problems.length > 0 && (
            <ul className="symbol-problems">
              {outcome.report.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => void check()} disabled={checking}>
            {checking ? 'Checking…' : 'Check again'}
          </button>
        </>
      )}
    </section>
  );
}
