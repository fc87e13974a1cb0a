// DOM helpers that only ever put strings into the page as text: every string child becomes a
// Text node, attributes are set one by one (never event handlers or style). Nothing in the panel
// builds markup from strings, so a holder identity, event message or log line shows literally.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  title?: string;
  /** Plain attributes (no `on*` handlers, no `style`: both are refused). */
  attrs?: Record<string, string | boolean | undefined>;
}

function checkAttrName(name: string): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('on') || lower === 'style' || lower === 'srcdoc') {
    throw new Error(`dom: refusing to set the attribute ${name}`);
  }
}

function apply(el: Element, props: Props | undefined, children: Child[]): void {
  if (props?.class) {
    el.setAttribute('class', props.class);
  }
  if (props?.title !== undefined) {
    el.setAttribute('title', props.title);
  }
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    setAttr(el, name, value);
  }
  append(el, ...children);
}

/** Sets (string), sets empty (true) or removes (false/undefined) an attribute. */
export function setAttr(el: Element, name: string, value: string | boolean | undefined): void {
  checkAttrName(name);
  if (value === undefined || value === false) {
    el.removeAttribute(name);
  } else {
    el.setAttribute(name, value === true ? '' : value);
  }
}

/** A new element of a known HTML tag with text-only children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, props, children);
  return el;
}

/** A custom element (e.g. `vscode-button`), typed by the caller. */
export function custom<T extends HTMLElement>(tag: `vscode-${string}`, props?: Props, ...children: Child[]): T {
  const el = document.createElement(tag) as T;
  apply(el, props, children);
  return el;
}

export function toNode(child: Exclude<Child, null | undefined | false>): Node {
  return typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      parent.appendChild(toNode(child));
    }
  }
}

/** Replaces all children of `parent` (strings as text). */
export function replace(parent: Element, ...children: Child[]): void {
  const fragment = document.createDocumentFragment();
  append(fragment, ...children);
  parent.replaceChildren(fragment);
}

/** Sets an element's text when it differs (no layout work for an unchanged tick). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) {
    el.textContent = text;
  }
}

export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

/** `toggle` a class only when it changes. */
export function setClass(el: Element, name: string, on: boolean): void {
  if (el.classList.contains(name) !== on) {
    el.classList.toggle(name, on);
  }
}

/** A section of the panel: a heading with an optional count badge and actions, then the body. */
export function section(id: string, title: string): { root: HTMLElement; heading: HTMLElement; actions: HTMLElement; body: HTMLElement } {
  const heading = h('h2', { class: 'section-title', attrs: { id: `${id}-title` } }, title);
  const actions = h('div', { class: 'section-actions' });
  const body = h('div', { class: 'section-body' });
  const root = h(
    'section',
    { class: `section section-${id}`, attrs: { 'aria-labelledby': `${id}-title` } },
    h('div', { class: 'section-head' }, heading, actions),
    body,
  );
  return { root, heading, actions, body };
}
