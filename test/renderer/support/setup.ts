/**
 * jsdom lacks a few browser APIs the UI uses: layout sizes (the virtual list measures its
 * viewport), ResizeObserver, matchMedia (theme) and the clipboard. These stand-ins give the
 * list a 800×600 viewport and rows of their CSS height.
 */
class FakeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    const rect = target.getBoundingClientRect();
    this.callback([{ target, contentRect: rect, borderBoxSize: [{ inlineSize: rect.width, blockSize: rect.height }] } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as { ResizeObserver?: unknown }).ResizeObserver = FakeResizeObserver;

Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 });
HTMLElement.prototype.getBoundingClientRect = function () {
  return { x: 0, y: 0, top: 0, left: 0, width: 800, height: 600, right: 800, bottom: 600, toJSON: () => ({}) } as DOMRect;
};
HTMLElement.prototype.scrollTo = function () {};
Element.prototype.scrollIntoView = function () {};

window.matchMedia = (query: string) =>
  ({ matches: false, media: query, onchange: null, addEventListener: () => {}, removeEventListener: () => {}, addListener: () => {}, removeListener: () => {}, dispatchEvent: () => false }) as MediaQueryList;

const clipboard = { text: '', writeText: async (t: string) => void (clipboard.text = t), readText: async () => clipboard.text };
Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard });

// Downloads (list exports): jsdom has no object URLs and does not navigate on anchor clicks.
URL.createObjectURL = () => 'blob:fake';
URL.revokeObjectURL = () => {};
HTMLAnchorElement.prototype.click = function () {};
