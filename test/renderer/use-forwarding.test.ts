import { latestForward, mergeForwardResults } from '../../renderer/src/state/use-forwarding';
import { forwardResult } from './support/forward-factory';

describe('forwarding results by report', () => {
  it('keeps one result per report and server, newest first, the later result replacing the earlier', () => {
    const queued = forwardResult('a', false, { time: '2026-11-21T09:00:00.000Z' });
    const sent = forwardResult('a', true, { time: '2026-11-21T09:05:00.000Z' });
    const other = forwardResult('a', false, { server: 'http://backup:1273', state: 'failed', time: '2026-11-21T08:00:00.000Z' });
    const map = mergeForwardResults(new Map(), [queued, other, sent]);
    expect(map.get('a')).toEqual([sent, other]);
    expect(latestForward(map, 'a')).toBe(sent);
    expect(latestForward(map, 'b')).toBeUndefined();
  });

  it('returns the same map when there is nothing to add', () => {
    const map = mergeForwardResults(new Map(), [forwardResult('a', true)]);
    expect(mergeForwardResults(map, [])).toBe(map);
  });
});
