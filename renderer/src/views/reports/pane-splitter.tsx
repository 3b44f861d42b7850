import type { KeyboardEvent, PointerEvent, RefObject } from 'react';

/** Props of the splitter between the list and the detail. */
export interface PaneSplitterProps {
  /** The element both panes live in (its width is 100%). */
  readonly containerRef: RefObject<HTMLElement | null>;
  /** Width of the right pane, in percent of the container. */
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly onChange: (percent: number) => void;
}

const KEY_STEP = 5;

/** A draggable (and keyboard-adjustable) vertical bar that sets the right pane's width. */
export function PaneSplitter({ containerRef, value, min, max, onChange }: PaneSplitterProps) {
  const clamp = (v: number) => Math.round(Math.max(min, Math.min(max, v)));

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
    const rect = containerRef.current?.getBoundingClientRect();
    if (!rect || rect.width <= 0) return;
    onChange(clamp(((rect.right - e.clientX) / rect.width) * 100));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowLeft' ? KEY_STEP : e.key === 'ArrowRight' ? -KEY_STEP : 0;
    if (step === 0) return;
    e.preventDefault();
    onChange(clamp(value + step));
  };

  return (
    <div
      className="pane-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the report detail"
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={(e) => e.currentTarget.setPointerCapture(e.pointerId)}
      onPointerUp={(e) => e.currentTarget.releasePointerCapture(e.pointerId)}
      onPointerMove={onPointerMove}
      onKeyDown={onKeyDown}
    />
  );
}
