import { useState } from 'react';
import type { ListFormat, WerApi } from '../../../../shared/wer-api';
import { Modal } from '../../components/modal';
import { exportList } from './list-export';

const FORMATS: readonly { readonly format: ListFormat; readonly label: string; readonly hint: string }[] = [
  { format: 'csv', label: 'CSV', hint: 'One row per report, for a spreadsheet.' },
  { format: 'json', label: 'JSON', hint: 'The fields of the CLI’s scan --json, for scripts.' },
  { format: 'html', label: 'HTML', hint: 'A page to read, or to attach to a ticket.' },
];

/**
 * Export the list of reports as CSV, JSON or HTML, with the format chosen first (File > Export
 * List…; the header menu offers each format directly). Reports with the outcome line for the user.
 */
export function ListExportDialog({ api, reportIds, what, onDone, onClose }: {
  readonly api: WerApi;
  readonly reportIds: readonly string[];
  /** What is exported, e.g. "12 report(s) shown". */
  readonly what: string;
  /** Called with the line to show the user once the export has finished or failed. */
  readonly onDone: (message: string) => void;
  readonly onClose: () => void;
}) {
  const [format, setFormat] = useState<ListFormat>('csv');
  const [busy, setBusy] = useState(false);

  const exportNow = async () => {
    setBusy(true);
    onDone(await exportList(api, format, reportIds));
  };

  return (
    <Modal
      title={`Export list: ${what}`}
      onClose={onClose}
      busy={busy}
      footer={
        <>
          <button className="primary" disabled={busy} onClick={() => void exportNow()}>
            Export as {format.toUpperCase()}
          </button>
          <button onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </>
      }
    >
      <div className="option-row" role="radiogroup" aria-label="Format">
        {FORMATS.map((f) => (
          <label key={f.format} title={f.hint}>
            <input type="radio" name="list-format" value={f.format} checked={format === f.format} onChange={() => setFormat(f.format)} disabled={busy} /> {f.label}
          </label>
        ))}
      </div>
      <p className="muted">{FORMATS.find((f) => f.format === format)?.hint}</p>
    </Modal>
  );
}
