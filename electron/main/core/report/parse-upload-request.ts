/**
 * The `<req ver="2">` upload request WER writes beside a report (`WERxxxx.tmp.xml`): machine
 * facts as `<arg nm= val=>` lists and the Watson namespace with the p1..pN signature.
 */
import type { IndexedValue, UploadNamespace, UploadRequest } from '../../../../shared/metadata-model';
import { attrOf, children, path } from './xml-tree';

/** Reads the tree under a `<req>` root element (as produced by parseXmlTree). Never throws. */
export function parseUploadRequest(root: unknown, parseProblems: readonly string[]): UploadRequest {
  const problems = [...parseProblems];
  const mach = path(root, 'tlm', 'src', 'desc', 'mach');
  const requests = children(path(root, 'tlm', 'reqs'), 'req');
  if (requests.length === 0) problems.push('The upload request lists no report.');
  if (requests.length > 1) problems.push(`The upload request lists ${requests.length} reports; only the first is shown.`);
  const request = requests[0];
  const namespaceNode = children(request, 'namespace')[0];
  const eventCmd = children(request, 'cmd').find((c) => attrOf(c, 'nm')?.toLowerCase() === 'event');
  const eventArgs = argsOf(eventCmd);
  return {
    kind: 'upload-request',
    version: attrOf(root, 'ver'),
    os: argsOf(children(mach, 'os')[0]),
    hardware: argsOf(children(mach, 'hw')[0]),
    machineControl: argsOf(children(mach, 'ctrl')[0]),
    namespace: namespaceNode === undefined ? null : namespaceOf(namespaceNode),
    requestControl: argsOf(children(request, 'ctrl')[0]),
    eventType: eventArgs.eventtype ?? null,
    eventArgs,
    problems,
  };
}

/** `<arg nm="x" val="y"/>` children as a name → value record (first one wins on repeats). */
function argsOf(node: unknown): Readonly<Record<string, string>> {
  const seen = new Map<string, string>();
  for (const arg of children(node, 'arg')) {
    const name = attrOf(arg, 'nm');
    if (name !== null && name !== '' && !seen.has(name)) seen.set(name, attrOf(arg, 'val') ?? '');
  }
  // fromEntries defines own properties, so an arg named __proto__ cannot touch the prototype.
  return Object.fromEntries(seen);
}

const P_ARG = /^p(\d{1,3})$/i;

function namespaceOf(node: unknown): UploadNamespace {
  const parameters: IndexedValue[] = [];
  for (const [name, value] of Object.entries(argsOf(node))) {
    const m = P_ARG.exec(name);
    // p1 is Sig[0]: the upload numbers from 1, Report.wer from 0.
    if (m?.[1] && Number(m[1]) >= 1) parameters.push({ index: Number(m[1]) - 1, value });
  }
  parameters.sort((a, b) => a.index - b.index);
  return {
    service: attrOf(node, 'svc'),
    partner: attrOf(node, 'ptr'),
    group: attrOf(node, 'gp'),
    app: attrOf(node, 'app'),
    parameters,
  };
}
