import { bugCheckParameterMeanings } from '../../../../shared/codes';
import { DumpProblems } from './range-rows';
import type { CausedByReason, KernelDriverFile, KernelDumpSummary, KernelFrame } from '../../../../shared/kernel-dump-model';
import { formatBytes } from '../../../../shared/report-summary';
import { Facts, Time } from './detail-section';
import { KernelDriverTable } from './kernel-driver-table';

/** The rule behind "Caused by" (BlueScreenView's column, made explicit); the core's detail says how it applied. */
const RULES: Readonly<Record<CausedByReason, string>> = {
  'crash-address': 'crash address',
  stack: 'stack',
  parameter: 'bug-check parameter',
  kernel: 'kernel (nothing else named a driver)',
};

function CausedBy({ s, file }: { readonly s: KernelDumpSummary; readonly file: KernelDriverFile | null }) {
  const c = s.causedBy;
  if (!c) return <span className="muted">No driver could be named (the dump has no driver list, or no address lies in a driver).</span>;
  return (
    <div className="caused-by">
      <p>
        <strong className="mono">{c.driver}</strong> <span className="mono">+{c.offset}</span>
        {c.unloaded && <span className="faulting-tag">unloaded</span>}
      </p>
      <p className="muted" data-testid="caused-by-rule">
        Rule: {RULES[c.reason]} — {c.detail}.
      </p>
      {file && (
        <p data-testid="driver-file">
          {[file.description, file.product, file.company, file.version && `version ${file.version}`].filter(Boolean).join(' · ')}{' '}
          <span className="muted mono">{file.path}</span>
        </p>
      )}
    </div>
  );
}

function Parameters({ s }: { readonly s: KernelDumpSummary }) {
  const meanings = bugCheckParameterMeanings(s.bugCheck.code);
  return (
    <table className="detail-table parameters" aria-label="Bug check parameters">
      <thead>
        <tr>
          <th scope="col" className="num">
            #
          </th>
          <th scope="col">Value</th>
          <th scope="col">Meaning for this bug check</th>
        </tr>
      </thead>
      <tbody>
        {s.bugCheck.parameters.map((p, i) => (
          <tr key={i}>
            <td className="num mono">{i + 1}</td>
            <td className="mono">{p}</td>
            <td>{meanings ? meanings[i] : <span className="muted">see Microsoft&apos;s reference for this code</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KernelStack({ frames }: { readonly frames: readonly KernelFrame[] }) {
  return (
    <div className="stack-list">
      <h4>Stack of the crashing thread</h4>
      {frames.length === 0 ? (
        <p className="muted">No stack frames could be read from this dump.</p>
      ) : (
        <table className="detail-table frames" aria-label="Kernel stack">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Location</th>
              <th scope="col">Address</th>
              <th scope="col">Found by</th>
            </tr>
          </thead>
          <tbody>
            {frames.map((f, i) => (
              <tr key={i} className={`trust-${f.trust}`}>
                <td className="num mono">{i}</td>
                <td className="mono">{f.module ? `${f.module}+${f.offset ?? '?'}` : <span className="muted">in no driver</span>}</td>
                <td className="mono">{f.address}</td>
                <td>
                  <span className={`trust-badge ${f.trust}`} title={f.trust === 'scan' ? 'found by scanning the stack for driver addresses: may be a leftover, not a real caller' : 'exact'}>
                    {f.trust === 'scan' ? 'scan (possibly spurious)' : f.trust}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function AboutDump({ s }: { readonly s: KernelDumpSummary }) {
  const up = s.systemUpTimeSeconds;
  return (
    <details className="dump-facts">
      <summary>
        <h4>About this dump</h4>
      </summary>
      <Facts
        facts={[
          { label: 'Dump type', value: s.dumpType ? `${s.dumpType.name} (${s.dumpType.value})` : null },
          { label: 'Written', value: s.systemTime ? <Time iso={s.systemTime} /> : null },
          { label: 'Up time before the stop', value: up === null ? null : `${Math.floor(up / 3600)} h ${Math.floor((up % 3600) / 60)} min` },
          { label: 'Windows build', value: s.osBuild === null ? null : `${s.osBuild}${s.kernelFlavor === 'checked' ? ' (checked kernel)' : ''}` },
          { label: 'Architecture', value: `${s.arch} (${s.machineType})` },
          { label: 'Processors', value: s.processors === null ? null : String(s.processors) },
          { label: 'File size', value: formatBytes(s.fileSize) },
          { label: 'Unloaded drivers', value: s.unloadedDrivers.length > 0 ? s.unloadedDrivers.map((d) => d.name).join(', ') : null, mono: true },
          { label: 'Small dump complete', value: s.triage ? (s.triage.complete ? 'yes' : 'no: the file is cut or unfinished') : null },
        ]}
      />
    </details>
  );
}

/** A kernel dump: bug check and meaning, parameters, driver at fault and its rule, crash address, stack, drivers. */
export function KernelDumpView({ file, s, driverFile }: { readonly file: string; readonly s: KernelDumpSummary; readonly driverFile: KernelDriverFile | null }) {
  const b = s.bugCheck;
  return (
    <>
      <p className="muted">
        From <span className="mono">{file}</span>: read directly from the kernel dump, without symbols.
      </p>
      <Facts
        facts={[
          { label: 'Bug check', value: `${b.code}${b.name ? ` ${b.name}` : ''}`, mono: true },
          { label: 'What it means', value: b.liveDump ? `${b.summary} Live dump: Windows kept running.` : b.summary },
          { label: 'Caused by', value: <CausedBy s={s} file={driverFile} /> },
          { label: 'Crash address', value: s.crashAddress, mono: true },
        ]}
      />
      <Parameters s={s} />
      <KernelStack frames={s.stack} />
      <KernelDriverTable drivers={s.drivers} culprit={s.causedBy && !s.causedBy.unloaded ? s.causedBy.driver : null} />
      <AboutDump s={s} />
      <DumpProblems problems={s.problems} />
    </>
  );
}
