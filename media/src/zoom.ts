// Zoom and scroll of the diagram. The SVG is sized to its natural size times the scale (not a CSS
// transform), so the viewport's scroll bars match what is drawn. A new drawing takes the old one's
// place in the same frame, at the same scale and scroll offset, and both survive the webview being
// hidden and shown again (through the webview state).

export interface View {
  scale: number;
  left: number;
  top: number;
}

const MIN = 0.1;
const MAX = 4;

export class Zoom {
  private scale: number;
  private size = { width: 0, height: 0 };
  /** The offsets to restore once the first drawing arrives (the webview was reloaded). */
  private restore: View | undefined;
  private saveQueued = false;

  /** True until the first drawing: a panel opened afresh fits a large diagram in. */
  private first = true;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly diagram: HTMLElement,
    /** Shows the current scale (the "actual size" button). */
    private readonly label: HTMLElement,
    initial: View | undefined,
    private readonly save: (view: View) => void,
  ) {
    this.scale = initial?.scale ?? 1;
    this.restore = initial;
    this.first = !initial;
    viewport.addEventListener('scroll', () => this.queueSave(), { passive: true });
    viewport.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
  }

  /** Replaces the drawing, keeping scale and scroll. */
  swap(svg: SVGSVGElement, size: { width: number; height: number }): void {
    const { scrollLeft, scrollTop } = this.viewport;
    this.size = size;
    this.apply(svg);
    this.diagram.replaceChildren(svg);
    const target = this.restore ?? { scale: this.scale, left: scrollLeft, top: scrollTop };
    this.restore = undefined;
    this.viewport.scrollTo(target.left, target.top);
    if (this.first) this.fit();
    this.first = false;
  }

  /** Zooms by a factor around a point of the viewport (its centre by default). */
  by(factor: number, at?: { x: number; y: number }): void {
    this.set(this.scale * factor, at);
  }

  set(scale: number, at = { x: this.viewport.clientWidth / 2, y: this.viewport.clientHeight / 2 }): void {
    const next = Math.min(MAX, Math.max(MIN, scale));
    const ratio = next / this.scale;
    const left = (this.viewport.scrollLeft + at.x) * ratio - at.x;
    const top = (this.viewport.scrollTop + at.y) * ratio - at.y;
    this.scale = next;
    const svg = this.diagram.querySelector('svg');
    if (svg) this.apply(svg);
    this.viewport.scrollTo(left, top);
    this.queueSave();
  }

  /** The whole drawing in the panel (never larger than actual size). */
  fit(): void {
    if (!this.size.width || !this.size.height) return;
    const pad = 16;
    const scale = Math.min(1, (this.viewport.clientWidth - pad) / this.size.width, (this.viewport.clientHeight - pad) / this.size.height);
    this.set(scale, { x: 0, y: 0 });
    this.viewport.scrollTo(0, 0);
  }

  private apply(svg: SVGSVGElement): void {
    svg.style.width = `${Math.round(this.size.width * this.scale)}px`;
    svg.style.height = `${Math.round(this.size.height * this.scale)}px`;
    svg.style.maxWidth = 'none';
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    this.diagram.dataset.scale = this.scale.toFixed(3);
    this.label.textContent = `${Math.round(this.scale * 100)}%`;
  }

  /** Ctrl/Cmd + wheel zooms around the pointer; a plain wheel scrolls. */
  private wheel(e: WheelEvent): void {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    const box = this.viewport.getBoundingClientRect();
    this.by(e.deltaY < 0 ? 1.1 : 1 / 1.1, { x: e.clientX - box.left, y: e.clientY - box.top });
  }

  private queueSave(): void {
    if (this.saveQueued) return;
    this.saveQueued = true;
    requestAnimationFrame(() => {
      this.saveQueued = false;
      this.save({ scale: this.scale, left: this.viewport.scrollLeft, top: this.viewport.scrollTop });
    });
  }
}
