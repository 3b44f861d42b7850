import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '../../electron/main/core/cer/collector';
import { forwardReports } from '../../electron/main/core/cer/forward-reports';
import { scanStores } from '../../electron/main/core/store/scan-stores';
import { buildStore } from '../support/store-builder';

const REPORTS = 500;

/**
 * Forwarding 500 generated reports (every 5th with metadata XML, memory.csv and sysinfo.txt) to
 * the local collector on 127.0.0.1: full protocol (WERREPORT POST, MSZIP CAB PUT, collector
 * extraction) with the outbox saved durably after every step. Prints reports/s.
 */
export async function benchCer(log: (line: string) => void): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wer-bench-cer-'));
  try {
    const built = await buildStore(join(root, 'WER'), REPORTS, { attachmentsEvery: 5, loadedModules: 60 });
    const collector = await startCollector({ dir: join(root, 'collected'), port: 0 });
    try {
      const items = built.map((b) => ({ folder: b.folder, reportId: b.spec.reportIdentifier.toLowerCase() }));
      const t = performance.now();
      const results = await forwardReports(items, { server: collector.url, dataDir: join(root, 'data'), machine: 'bench', user: 'bench' });
      const ms = performance.now() - t;
      if (!results.ok) throw new Error(results.error);
      const failed = results.value.filter((r) => !r.ok).length;
      const collected = (await scanStores([{ path: join(root, 'collected'), scope: 'extra', label: 'bench' }])).reports.length;
      log(`cer: ${REPORTS} reports forwarded in ${ms.toFixed(0)} ms = ${Math.round((REPORTS / ms) * 1000)} reports/s (${failed} failed, ${collected} collected)`);
    } finally {
      await collector.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
