/** Notes and ticket of one problem, saved when the field loses focus or on Save. */
import { useEffect, useId, useRef, useState } from 'react';
import type { ProblemTriage } from '../../../../shared/problem-model';
import { TRIAGE_LIMITS } from '../../../../shared/triage-model';
import type { TriageHandle } from '../../state/use-triage';
import { localDateTime } from './problem-format';

/** Props of `TriageEditor`. */
export interface TriageEditorProps {
  readonly problemKey: string;
  readonly saved: ProblemTriage;
  readonly triage: TriageHandle;
}

type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

interface Texts {
  readonly notes: string;
  readonly ticket: string;
}

/** The editor; it keeps the user's draft while a save is on its way. */
export function TriageEditor({ problemKey, saved, triage }: TriageEditorProps) {
  const id = useId();
  const [draft, setDraft] = useState<Texts>({ notes: saved.notes, ticket: saved.ticket });
  const [state, setState] = useState<SaveState>('idle');
  // What the store holds (or is about to): blur and Save send only what differs from it.
  const baseline = useRef<Texts>({ notes: saved.notes, ticket: saved.ticket });
  const dirty = draft.notes !== baseline.current.notes || draft.ticket !== baseline.current.ticket;

  // Changes made elsewhere (another window, a reload) become the new baseline, and replace the
  // draft unless the user is typing. Our own save coming back equals the baseline: nothing to do.
  useEffect(() => {
    const before = baseline.current;
    if (saved.notes === before.notes && saved.ticket === before.ticket) return;
    baseline.current = { notes: saved.notes, ticket: saved.ticket };
    setDraft((d) => (d.notes === before.notes && d.ticket === before.ticket ? { notes: saved.notes, ticket: saved.ticket } : d));
  }, [saved.notes, saved.ticket]);

  async function save(): Promise<void> {
    const before = baseline.current;
    const patch: { notes?: string; ticket?: string } = {};
    if (draft.notes !== before.notes) patch.notes = draft.notes;
    if (draft.ticket !== before.ticket) patch.ticket = draft.ticket;
    if (Object.keys(patch).length === 0) return;
    baseline.current = { ...draft };
    setState('saving');
    let ok = false;
    try {
      ok = await triage.setTriage(problemKey, patch);
    } catch {
      // A lost connection in browser mode rejects instead of answering; same message for the user.
    }
    if (!ok) baseline.current = before;
    setState(ok ? 'saved' : 'failed');
  }

  return (
    <form
      className="triage-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={`${id}-notes`}>Notes</label>
      <textarea
        id={`${id}-notes`}
        rows={4}
        maxLength={TRIAGE_LIMITS.notes}
        placeholder="What you found out, workarounds, who is on it…"
        value={draft.notes}
        onChange={(e) => {
          const notes = e.target.value;
          setDraft((d) => ({ ...d, notes }));
          setState('idle');
        }}
        onBlur={() => void save()}
      />
      <label htmlFor={`${id}-ticket`}>Ticket</label>
      <input
        id={`${id}-ticket`}
        type="text"
        maxLength={TRIAGE_LIMITS.ticket}
        placeholder="BUG-123 or a link to the ticket"
        value={draft.ticket}
        onChange={(e) => {
          const ticket = e.target.value;
          setDraft((d) => ({ ...d, ticket }));
          setState('idle');
        }}
        onBlur={() => void save()}
      />
      <div className="triage-editor-actions">
        <button type="submit" disabled={state === 'saving'}>
          Save
        </button>
        <span role="status" className="muted">
          {state === 'saving' && 'Saving…'}
          {state === 'saved' && !dirty && 'Saved.'}
          {state === 'idle' && !dirty && saved.updatedAt !== null && `Last changed ${localDateTime(saved.updatedAt)}`}
        </span>
      </div>
      {state === 'failed' && (
        <p role="alert" className="notice error">
          Your notes could not be saved: {triage.error ?? 'unknown error'}. They are still here; try Save again.
        </p>
      )}
    </form>
  );
}
