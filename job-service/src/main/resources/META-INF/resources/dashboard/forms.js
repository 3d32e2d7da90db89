/**
 * What the Create Backup Job and Create Sync Job forms share: their numbered steps, the problems the API reports
 * shown next to the fields they name, the datastores a project may use with a namespace select that follows the
 * datastore, the time zones, and the schedule and retention syntax.
 */
import {h} from './dom.js';

export const SCHEDULE_EXAMPLES = [
  ['02:00', 'Every day at 02:00'],
  ['*-*-* 02:00', 'Every day at 02:00 (explicit form)'],
  ['Mon..Fri 18:00', 'Every weekday at 18:00'],
  ['Sun 03:00', 'Every Sunday at 03:00'],
  ['*-*-01 03:00', 'The first day of every month at 03:00'],
  ['hourly', 'Every hour, top of the hour'],
  ['daily', 'Every day at midnight'],
  ['weekly', 'Every Monday at midnight'],
];

export const RETENTION_WINDOWS = [
  ['keep-last=N', 'Keep the N most recent snapshots regardless of age'],
  ['keep-hourly=N', 'Keep the most recent snapshot for each of the last N hours'],
  ['keep-daily=N', 'Keep the most recent snapshot for each of the last N days'],
  ['keep-weekly=N', 'Keep the most recent snapshot for each of the last N weeks'],
  ['keep-monthly=N', 'Keep the most recent snapshot for each of the last N months'],
  ['keep-yearly=N', 'Keep the most recent snapshot for each of the last N years'],
];

/** A step of a form: a fieldset (id `step-N`) in a card, its legend numbered. */
export function step(n, title, ...body) {
  return h('fieldset', {class: 'step card', id: `step-${n}`},
    h('legend', {}, h('span', {class: 'step-number', 'aria-hidden': 'true'}, n), title), ...body);
}

/** The IANA time zones the browser knows, for a datalist. */
export function timeZones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** A datalist of the time zones (id `time-zones`), for the time zone input's `list`. */
export function timeZoneList() {
  return h('datalist', {id: 'time-zones'}, timeZones().map((z) => h('option', {value: z})));
}

/** "Schedule syntax": the examples, each a button that puts it into `input`. */
export function scheduleSyntax(input, open) {
  return h('details', {class: 'syntax', open},
    h('summary', {}, 'Schedule syntax'),
    h('table', {class: 'table compact', id: 'schedule-syntax'},
      h('caption', {class: 'visually-hidden'}, 'Schedule expressions'),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Expression'), h('th', {scope: 'col'}, 'Meaning'))),
      h('tbody', {}, SCHEDULE_EXAMPLES.map(([expr, meaning]) => h('tr', {},
        h('td', {}, h('button', {type: 'button', class: 'link code', title: `Use ${expr}`,
          'aria-label': `Use schedule ${expr}`, onclick: () => {
            input.value = expr;
            input.dispatchEvent(new Event('input'));
            input.focus();
          }}, expr)),
        h('td', {}, meaning))))));
}

/** "Retention windows": what each window of a retention policy keeps. */
export function retentionSyntax() {
  return h('details', {class: 'syntax'},
    h('summary', {}, 'Retention windows'),
    h('table', {class: 'table compact'},
      h('caption', {class: 'visually-hidden'}, 'Retention windows'),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Window'), h('th', {scope: 'col'}, 'Behaviour'))),
      h('tbody', {}, RETENTION_WINDOWS.map(([w, b]) => h('tr', {}, h('td', {}, h('code', {}, w)),
        h('td', {}, b))))));
}

/** The datastores (with their namespaces) that the current project may use. */
export async function projectDatastores(ctx) {
  const datastores = await ctx.api.get('/datastores');
  return datastores.filter((d) => !d.allowedProjects?.length || d.allowedProjects.includes(ctx.project));
}

/**
 * A datastore select and a select of the chosen datastore's namespaces ("(root)" first) that follows it.
 *
 * @param datastores      what projectDatastores answered
 * @param datastoreAttrs  attributes of the datastore select (id, name, aria-describedby, ...)
 * @param namespaceAttrs  attributes of the namespace select
 * @param datastore       the datastore to select at first; the only one when there is just one
 * @param namespace       the namespace to select at first (kept, marked "not registered", when the datastore lacks it)
 * @returns {{datastore: HTMLSelectElement, namespace: HTMLSelectElement}}
 */
export function datastorePicker(datastores, {datastoreAttrs, namespaceAttrs, datastore: initial = null,
  namespace: initialNamespace = null}) {
  const datastore = h('select', datastoreAttrs,
    h('option', {value: ''}, datastores.length ? 'Select a datastore' : 'No datastore available'),
    datastores.map((d) => h('option', {value: d.name}, d.name)));
  const namespace = h('select', namespaceAttrs);

  function fillNamespaces(keep) {
    const ds = datastores.find((d) => d.name === datastore.value);
    const names = ds?.namespaces ?? [];
    const options = [h('option', {value: ''}, '(root)'), ...names.filter((n) => n)
      .map((n) => h('option', {value: n}, n))];
    if (keep && !names.includes(keep)) {
      options.push(h('option', {value: keep}, `${keep} (not registered)`));
    }
    namespace.replaceChildren(...options);
    namespace.value = keep ?? '';
    namespace.disabled = !ds;
  }

  datastore.value = initial ?? (datastores.length === 1 ? datastores[0].name : '');
  fillNamespaces(initialNamespace);
  datastore.addEventListener('change', () => fillNamespaces(namespace.value || null));
  return {datastore, namespace};
}

/**
 * Where a form shows the problems the API reports (RFC 9457 problem details, see ApiError): each field error in the
 * error slot of the field it names, its control marked aria-invalid; the title, the detail and the errors no slot
 * takes in an alert in `problem`, above the form.
 *
 * @param problem  the element above the form for the alert (focusable: tabindex -1)
 * @param slots    the slot of each request field (the part of errors[].field before any '[' or '.'); by default a
 *                 field's slot has its name
 * @param controls the id of the control each slot marks aria-invalid (and focuses, for the first one in error)
 */
export function fieldErrors(problem, {slots = {}, controls = {}} = {}) {
  const errors = new Map(); // slot -> its element
  const control = (slot) => (controls[slot] ? document.getElementById(controls[slot]) : null);

  /** Clears one slot, e.g. when its field is changed. */
  function clearSlot(slot) {
    errors.get(slot)?.replaceChildren();
    control(slot)?.removeAttribute('aria-invalid');
  }

  /** Clears every slot and the alert. */
  function clear() {
    problem.replaceChildren();
    errors.forEach((el, slot) => clearSlot(slot));
  }

  return {
    /** The element (id `error-SLOT`) for a slot's messages: put it under its field, name it in aria-describedby. */
    slot(name) {
      const el = h('p', {class: 'field-error', id: `error-${name}`, 'data-testid': `error-${name}`});
      errors.set(name, el);
      return el;
    },

    clear,

    clearSlot,

    /** Clears a slot whenever its control changes. */
    clearOnInput(input, slot) {
      input.addEventListener('input', () => clearSlot(slot));
    },

    /** Shows an ApiError, led by `lead` (else its title), and focuses the first field in error (else the alert). */
    show(e, lead) {
      clear();
      const unplaced = [];
      for (const err of e.errors) {
        const root = String(err.field ?? '').split(/[.[]/)[0];
        const slot = Object.hasOwn(slots, root) ? slots[root] : root;
        if (errors.has(slot)) {
          errors.get(slot).append(h('span', {class: 'block'}, err.field === root ? err.message
            : `${err.field}: ${err.message}`));
          control(slot)?.setAttribute('aria-invalid', 'true');
        } else {
          unplaced.push(err);
        }
      }
      problem.append(h('div', {class: 'alert error', role: 'alert'},
        h('strong', {}, lead ?? e.title), h('p', {}, e.problem.detail ?? e.message),
        unplaced.length ? h('ul', {}, unplaced.map((x) => h('li', {}, `${x.field}: ${x.message}`))) : null));
      const first = [...errors].find(([, el]) => el.childNodes.length)?.[0];
      const target = (first && control(first)) || problem;
      problem.scrollIntoView({block: 'start'});
      target.focus({preventScroll: true});
    },
  };
}
