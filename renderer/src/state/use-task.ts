import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskProgress, WerApi } from '../../../shared/wer-api';

let taskSequence = 0;

/** A long task (bundle export, forwarding): its id, live progress, and cancel. */
export interface TaskHandle {
  /** Id of the running task, or null when idle. */
  readonly taskId: string | null;
  readonly progress: TaskProgress | null;
  /** Every progress event of the current run, oldest first. */
  readonly history: readonly TaskProgress[];
  /** Starts a run: `run` gets a fresh task id; resolves to its result. */
  readonly start: <T>(run: (taskId: string) => Promise<T>) => Promise<T>;
  readonly cancel: () => void;
}

/** Tracks one task at a time through the app's `task` events. */
export function useTask(api: WerApi): TaskHandle {
  const [taskId, setTaskId] = useState<string | null>(null);
  const [history, setHistory] = useState<readonly TaskProgress[]>([]);
  const current = useRef<string | null>(null);

  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.kind === 'task' && event.taskId === current.current) setHistory((h) => [...h, event]);
      }),
    [api],
  );

  const start = useCallback(async <T,>(run: (id: string) => Promise<T>): Promise<T> => {
    taskSequence += 1;
    const id = `task-${Date.now().toString(36)}-${taskSequence}`;
    current.current = id;
    setTaskId(id);
    setHistory([]);
    try {
      return await run(id);
    } finally {
      current.current = null;
      setTaskId(null);
    }
  }, []);

  const cancel = useCallback(() => {
    if (current.current) void api.cancelTask(current.current);
  }, [api]);

  return { taskId, progress: history.at(-1) ?? null, history, start, cancel };
}
