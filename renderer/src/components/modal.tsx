import { type ReactNode, useEffect, useRef } from 'react';
import './modal.css';

/** A modal dialog: focus moves in, Escape closes (unless busy), the page behind is inert. */
export function Modal({ title, onClose, busy = false, children, footer }: {
  readonly title: string;
  readonly onClose: () => void;
  readonly busy?: boolean;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        ref={box}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !busy) {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header className="modal-header">
          <h2>{title}</h2>
          <button aria-label="Close dialog" title="Close (Esc)" onClick={onClose} disabled={busy}>
            ×
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer className="modal-footer">{footer}</footer>}
      </div>
    </div>
  );
}
