import type { MinidumpSummary } from '../../../../shared/minidump-model';
import { formatBytes } from '../../../../shared/report-summary';
import { Facts, Time } from './detail-section';

function osText(s: MinidumpSummary): string {
  return [s.os.platform, s.os.version, s.os.csdVersion].filter(Boolean).join(' ');
}

/** Facts about the dump itself: machine, times, type, writer, build string, memory, unloaded modules, registers. */
export function DumpFacts({ s }: { readonly s: MinidumpSummary }) {
  const cpu = s.cpu ? `${s.cpu.count} processor(s)${s.cpu.vendor ? `, ${s.cpu.vendor}` : ''}` : null;
  return (
    <details className="dump-facts">
      <summary>
        <h4>About this dump</h4>
      </summary>
      <Facts
        facts={[
          { label: 'Architecture', value: s.arch },
          { label: 'Operating system', value: osText(s) },
          { label: 'Build string', value: s.buildString, mono: true },
          { label: 'Processors', value: cpu },
          { label: 'Process id', value: s.processId === null ? null : String(s.processId) },
          { label: 'Process started', value: s.processCreateTime ? <Time iso={s.processCreateTime} /> : null },
          { label: 'Dump written', value: s.dumpTime ? <Time iso={s.dumpTime} /> : null },
          { label: 'Dump type', value: `${s.dumpType.names.join(', ') || 'none'} (${s.dumpType.flags})` },
          { label: 'Written by', value: s.dumpWriter, mono: true },
          { label: 'Memory captured', value: `${formatBytes(s.memory.bytes)} in ${s.memory.listRanges + s.memory.list64Ranges} range(s)` },
          { label: 'Unloaded modules', value: s.unloadedModules.length > 0 ? s.unloadedModules.map((m) => m.name).join(', ') : null, mono: true },
          { label: 'Comments', value: s.comments.length > 0 ? s.comments.join(' · ') : null },
        ]}
      />
      {s.crashContext && (
        <div className="registers">
          <h4>Registers at the crash ({s.crashContext.kind})</h4>
          <ul className="mono">
            {s.crashContext.registers.map((r) => (
              <li key={r.name}>
                {r.name}={r.value}
              </li>
            ))}
          </ul>
        </div>
      )}
    </details>
  );
}
