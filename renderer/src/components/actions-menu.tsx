import { useEffect, useRef, useState } from 'react';

/** One entry of an actions menu. */
export interface Action {
  readonly label: string;
  readonly run: () => void;
}

/** A button opening a small menu of actions (arrow keys move, Escape closes). */
export function ActionsMenu({ label, actions, disabled = false }: { readonly label: string; readonly actions: readonly Action[]; readonly disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (open) (menu.current?.querySelector('button') as HTMLButtonElement | null)?.focus();
  }, [open]);
  return (
    <div className="actions-menu">
      <button aria-haspopup="menu" aria-expanded={open} disabled={disabled} onClick={() => setOpen((o) => !o)}>
        {label} ▾
      </button>
      {open && (
        <ul
          role="menu"
          ref={menu}
          onKeyDown={(e) => {
            const items = [...(menu.current?.querySelectorAll('button') ?? [])];
            const at = items.indexOf(document.activeElement as HTMLButtonElement);
            if (e.key === 'Escape') setOpen(false);
            else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
            else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
          }}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
          }}
        >
          {actions.map((a) => (
            <li key={a.label} role="none">
              <button
                role="menuitem"
                onClick={() => {
                  setOpen(false);
                  a.run();
                }}
              >
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
