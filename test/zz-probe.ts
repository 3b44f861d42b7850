import { spawn } from 'node:child_process';
import { BUILT } from './support/built';
function startServe(paths: string[], data: string, _t: number) {
  const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof/serve', BUILT.cli, 'serve', ...paths, '--port', '0', '--data-dir', data], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout!.setEncoding('utf8');
  return new Promise<{ url: string; stop: () => Promise<void> }>((done) => {
    child.stdout!.on('data', (c: string) => {
      const m = /http\S+/.exec(c);
      if (m) done({ url: m[0], stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGINT'); }) });
    });
  });
}
const store = '/work/main/.cache/fleet-300k/store';
async function main() {
  const t0 = performance.now();
  const serve = await startServe([process.argv[2] ?? store], '/tmp/prof/data', 3_600_000);
  console.log('ready', ((performance.now() - t0) / 1000).toFixed(1), 's');
  const u = new URL(serve.url);
  const token = u.searchParams.get('token') ?? '';
  const call = async (method: string, args: unknown[]) => {
    const t = performance.now();
    const res = await fetch(`${u.origin}/api/call/${method}`, { method: 'POST', headers: { 'X-Wer-Token': token, 'Content-Type': 'application/json', Host: u.host }, body: JSON.stringify(args) });
    const text = await res.text();
    console.log(method, (performance.now() - t).toFixed(0), 'ms', (text.length / 1e6).toFixed(1), 'MB', text.slice(0, 80));
  };
  const MATCH_ALL = { text: '', eventTypes: [], applications: [], stores: [], sources: [], from: null, to: null, reportIds: null };
  await call('libraryStatus', []);
  await call('queryReports', [{ filter: MATCH_ALL, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 100 }]);
  await call('queryProblems', [{ filter: MATCH_ALL, mode: 'signature', utcOffsetMinutes: 0, lastVisit: null }]);
  await call('queryProblems', [{ filter: MATCH_ALL, mode: 'signature', utcOffsetMinutes: 0, lastVisit: null }]);
  await call('queryHistory', [{ filter: MATCH_ALL, options: { period: 'day', groupBy: 'eventType', utcOffsetMinutes: 0 } }]);
  await new Promise((r) => setTimeout(r, Number(process.env.WAIT ?? 2000)));
  await call('queryProblems', [{ filter: MATCH_ALL, mode: 'application', utcOffsetMinutes: 0, lastVisit: null }]);
  await serve.stop();
}
void main();
