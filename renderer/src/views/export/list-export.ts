import type { ListFormat, WerApi } from '../../../../shared/wer-api';
import { saveTextFile } from '../../model/save-file';

/** Exports reports as CSV/JSON/HTML (made by the app, same as `scan --csv|--json|--html`) and saves the file; returns a line for the user. */
export async function exportList(api: WerApi, format: ListFormat, reportIds: readonly string[]): Promise<string> {
  if (reportIds.length === 0) return 'There are no reports to export: clear the filter first.';
  const r = await api.exportList(format, reportIds);
  if (!r.ok) return `The list could not be exported: ${r.error}`;
  saveTextFile(r.value.fileName, r.value.mimeType, r.value.text);
  return `Exported ${reportIds.length} report(s) as ${r.value.fileName}.`;
}
