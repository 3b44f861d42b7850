import type { ExploitabilityHint } from '../../../../shared/codes';
import { DumpProblems } from './range-rows';
import { isKernelDump, type KernelDriverFile } from '../../../../shared/kernel-dump-model';
import type { MinidumpSummary, SignatureAgreement } from '../../../../shared/minidump-model';
import type { ReportDetail } from '../../../../shared/report-detail';
import type { AppInfo, WerApi } from '../../../../shared/wer-api';
import type { EditorOpener } from './frame-actions';
import { RATING_LABELS } from './detail-format';
import { DetailSection, type Fact, Facts } from './detail-section';
import { DumpFacts } from './dump-facts';
import { KernelDumpView } from './kernel-dump-view';
import { type SymbolDownloadApi, SymbolDownloadProgress } from './symbol-download-progress';
import { ModuleTable } from './module-table';
import { type StackFrame, StackList } from './stack-list';
import { HandleSummary, ThreadList, type ThreadStackSource } from './thread-list';

/** Props of the minidump panel: the report's minidump attachment as the core read it. */
export interface DumpPanelProps {
  readonly minidump: ReportDetail['minidump'];
  /** A kernel dump's driver at fault as installed on this machine (same build), when known. */
  readonly driverFile?: KernelDriverFile | null;
  /**
   * The app, for what the panel asks on demand (other threads' stacks, opening source files);
   * without it the thread list shows no stacks and "Open in editor" is a plain link.
   */
  readonly app?: DumpPanelApp;
}

/** What the panel asks of the app, for the report it shows. */
export interface DumpPanelApp {
  readonly api: Pick<WerApi, 'getThreadStack' | 'openInEditor'> & SymbolDownloadApi;
  readonly info: AppInfo | null;
  readonly reportId: string;
}

/** Desktop: the app opens the file (it checks the file exists here); browser: a plain link. */
function editorOf(app: DumpPanelApp | undefined): EditorOpener {
  return app?.info?.mode === 'desktop' ? { kind: 'call', open: (file, line) => app.api.openInEditor(file, line) } : { kind: 'link' };
}

function threadSource(app: DumpPanelApp | undefined): ThreadStackSource | undefined {
  return (
    app && {
      load: (threadId) => app.api.getThreadStack(app.reportId, threadId),
      editor: editorOf(app),
      whileLoading: <SymbolDownloadProgress api={app.api} reportId={app.reportId} />,
    }
  );
}

/** Lower-case names of the modules some frame was named in from the image's exports. */
function exportNamedModules(stack: readonly StackFrame[]): ReadonlySet<string> {
  return new Set(stack.flatMap((f) => (f.nameSource === 'export' && f.module ? [f.module.toLowerCase()] : [])));
}

function agreementText(check: SignatureAgreement | null): Fact | null {
  if (!check) return null;
  if (check.kind === 'agree') return { label: 'Matches the signature', value: `Yes: the dump and the report both point to ${check.module} +${check.offset}.` };
  if (check.kind === 'differ') return { label: 'Matches the signature', value: <span className="warn-text">No: {check.message}.</span> };
  return { label: 'Matches the signature', value: <span className="muted">Cannot tell: {check.reason}.</span> };
}

function Exploitability({ hint }: { readonly hint: ExploitabilityHint }) {
  return (
    <div className={`exploitability ${hint.rating}`} data-testid="exploitability">
      <p>
        <strong>Exploitability: {RATING_LABELS[hint.rating]}</strong> <span className="heuristic-tag">heuristic</span>
      </p>
      <p>
        Rule: <em>{hint.rule}</em>
      </p>
      <p className="muted">{hint.explanation}</p>
    </div>
  );
}

function CrashFacts({ s }: { readonly s: MinidumpSummary }) {
  const e = s.exception;
  if (!e) {
    return <p className="muted">This dump records no exception (it was written on request, not by a crash), so there is no crash location or crashing thread.</p>;
  }
  const faulting = e.module ? s.modules.find((m) => m.name === e.module) : undefined;
  const inNoModule = e.firstFrameInModule
    ? `In no module: the address is outside every loaded EXE and DLL (first frame in a module: ${e.firstFrameInModule.module} +${e.firstFrameInModule.offset}).`
    : 'In no module: the address is outside every loaded EXE and DLL (JIT code, an unloaded DLL or a corrupted pointer).';
  const facts: (Fact | null)[] = [
    { label: 'Exception', value: `${e.code}${e.name ? ` ${e.name}` : ''}`, mono: true },
    { label: 'Address', value: e.address, mono: true },
    { label: 'Thread', value: `${e.threadId} (0x${e.threadId.toString(16)})`, mono: true },
    { label: 'Faulting module', value: e.module ? <span className="mono">{`${e.module} +${e.offset ?? '?'}`}</span> : inNoModule },
    { label: 'Module version', value: faulting ? (faulting.version ?? 'no version resource') : null },
    { label: 'Memory access', value: e.access && e.target ? <span className="mono">{`${e.access} of ${e.target}`}</span> : null },
    agreementText(s.signatureCheck),
    { label: 'Exception flags', value: e.flags & 1 ? 'non-continuable' : null },
    { label: 'Parameters', value: e.parameters.length > 0 ? e.parameters.join(' ') : null, mono: true },
  ];
  return <Facts facts={facts} />;
}

function DumpSummaryView({ file, s, app }: { readonly file: string; readonly s: MinidumpSummary; readonly app: DumpPanelApp | undefined }) {
  const crashId = s.exception?.threadId ?? null;
  const stack: readonly StackFrame[] = s.stack;
  const symbolized = s.modules.some((m) => 'symbols' in m);
  return (
    <>
      <p className="muted">
        From <span className="mono">{file}</span>: read directly from the dump{symbolized ? ', frames named where symbols were found (symbol path in Settings → Symbols).' : ', without symbols.'}
      </p>
      <CrashFacts s={s} />
      {s.exploitability && <Exploitability hint={s.exploitability} />}
      {s.exception && <StackList frames={stack} threadId={crashId} editor={editorOf(app)} />}
      <ModuleTable modules={s.modules} faulting={s.exception?.module ?? null} exportNamed={exportNamedModules(stack)} />
      <ThreadList threads={s.threads} crashingId={crashId} stacks={threadSource(app)} />
      {s.handles && <HandleSummary handles={s.handles} />}
      <DumpFacts s={s} />
      <DumpProblems problems={s.problems} />
    </>
  );
}

/**
 * The minidump panel: crash location, exploitability hint, stack, modules, threads and dump facts;
 * for a kernel dump (a BlueScreen report's, or a Minidump store record) the kernel dump panel.
 */
export function DumpPanel({ minidump, driverFile = null, app }: DumpPanelProps) {
  let body;
  let title = 'Minidump';
  if (!minidump) {
    body = (
      <>
        <p className="empty-note">No minidump in this report.</p>
        <p className="muted">Windows did not keep a memory snapshot for this report (hangs and uploaded reports often have none), so the signature above is all there is.</p>
      </>
    );
  } else if (!minidump.content.ok) {
    body = (
      <div className="notice error" role="alert">
        <p>
          The minidump <span className="mono">{minidump.file}</span> could not be read: {minidump.content.error}
        </p>
        <p>The file may be incomplete or damaged. The rest of the report above is still valid; a debugger may read more of it.</p>
      </div>
    );
  } else if (isKernelDump(minidump.content.value)) {
    title = 'Kernel dump';
    body = <KernelDumpView file={minidump.file} s={minidump.content.value} driverFile={driverFile} />;
  } else {
    body = <DumpSummaryView file={minidump.file} s={minidump.content.value} app={app} />;
  }
  return (
    <DetailSection title={title} testId="dump-panel" className="dump-panel">
      {body}
    </DetailSection>
  );
}
