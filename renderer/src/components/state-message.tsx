import type { ReactNode } from 'react';

/** A centred message for loading, empty and error states: what happened, and what to do. */
export function StateMessage({ kind = 'info', title, children }: { readonly kind?: 'info' | 'error' | 'loading'; readonly title: string; readonly children?: ReactNode }) {
  return (
    <div className={`state-message ${kind}`} role={kind === 'error' ? 'alert' : 'status'} aria-busy={kind === 'loading'}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}
