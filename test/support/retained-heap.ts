/**
 * The heap a test still holds: heapUsed right after a full garbage collection, so garbage that
 * V8 has not collected yet (it may let hundreds of MB pile up, more when the machine is busy)
 * does not count. Tests of "nothing accumulates" compare these figures, not raw heapUsed.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Jest's workers run without --expose-gc; the flag can still be set, and a new context sees `gc`.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** heapUsed after a full collection. */
export function retainedHeap(): number {
  collect();
  return process.memoryUsage().heapUsed;
}
