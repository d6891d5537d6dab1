/**
 * A tiny element builder. Text goes in with textContent only: no string from data or config ever becomes HTML.
 */
export interface ElOptions {
  className?: string;
  text?: string;
  testId?: string;
  title?: string;
  attrs?: Record<string, string>;
  style?: Partial<Record<'background' | 'borderColor' | 'color', string>>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  opts: ElOptions = {},
  children: readonly (Node | null | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (opts.className) node.className = opts.className;
  if (opts.text !== undefined) node.textContent = opts.text;
  if (opts.testId) node.dataset.testid = opts.testId;
  if (opts.title) node.title = opts.title;
  if (opts.attrs) for (const [k, v] of Object.entries(opts.attrs)) node.setAttribute(k, v);
  if (opts.style) Object.assign(node.style, opts.style);
  for (const c of children) if (c) node.appendChild(c);
  return node;
}

/** Replaces all children of a node. */
export function replaceChildren(parent: Element, children: readonly (Node | null | undefined)[]): void {
  parent.replaceChildren(...children.filter((c): c is Node => Boolean(c)));
}
