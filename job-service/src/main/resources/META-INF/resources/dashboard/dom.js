/** Small DOM helpers: no framework, no build step. */

/**
 * Creates an element. Attributes: `class`, `dataset` (object), `on*` (listeners), booleans (set when true),
 * anything else as an attribute; children are nodes, strings or arrays of them (null and false are skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else if (key === 'checked' || key === 'selected') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : String(child));
    }
  }
}

/**
 * Text that goes onto more lines only after `separator` ("ibs-backup/" "production" for '/'), never inside a part:
 * nodes for h().
 */
export function breakAfter(text, separator) {
  const parts = String(text).split(separator);
  return parts.map((part, i) => (i < parts.length - 1
    ? [h('span', {class: 'nowrap'}, part + separator), h('wbr')] : h('span', {class: 'nowrap'}, part)));
}

/** Replaces every child of `el`. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * Keeps the rows of `tbody` in the order of `items`, one per key, reusing the rows it has (so focus and open details
 * survive a refresh): `update(item, entry)` gets the item's previous entry (`{tr, ...}`, or undefined) and returns its
 * current one; the rows of keys no longer among the items are removed. `rows` maps key to entry across calls.
 */
export function reconcileRows(tbody, rows, items, keyOf, update) {
  const seen = new Set();
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    seen.add(key);
    const entry = update(item, rows.get(key));
    rows.set(key, entry);
    const expected = previous ? previous.nextSibling : tbody.firstChild;
    if (expected !== entry.tr) {
      tbody.insertBefore(entry.tr, expected);
    }
    previous = entry.tr;
  }
  for (const [key, entry] of rows) {
    if (!seen.has(key)) {
      entry.tr.remove();
      rows.delete(key);
    }
  }
}

/** Calls `fn` once `ms` after the last call. */
export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** A random id for Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function randomKey() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Runs `task` now and then every `ms` while the page is visible, never two at once; returns a stop function. */
export function poll(task, ms) {
  let stopped = false;
  let running = false;
  let timer = null;
  const tick = async () => {
    if (stopped) {
      return;
    }
    if (!running && document.visibilityState === 'visible') {
      running = true;
      try {
        await task();
      } catch (e) {
        console.warn('refresh failed', e);
      } finally {
        running = false;
      }
    }
    if (!stopped) {
      timer = setTimeout(tick, ms);
    }
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
