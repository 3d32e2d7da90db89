/**
 * Backup Solution > Sync Jobs: every sync job of the project (a namespace's full snapshots copied to another
 * datastore on a schedule, kept there by the target's retention), with its next run and how its last sync went,
 * refreshed every few seconds.
 */
import {breakAfter, h, poll, reconcileRows, setChildren} from './dom.js';
import * as fmt from './format.js';
import {act, nextRun, outcome, scheduleText} from './jobs.js';

const REFRESH_MS = 3000;
const COLUMNS = ['Name', 'From', 'To', 'Schedule', 'Target retention', 'Next run', 'Last sync'];
const ADMIN_COLUMNS = [...COLUMNS, 'Actions'];

const syncJobPath = (name, suffix = '') => `/sync-jobs/${encodeURIComponent(name)}${suffix}`;

/** Run Now: a sync run besides the schedule's. */
async function runSync(ctx, s) {
  await ctx.api.post(syncJobPath(s.name, '/run'), undefined, {project: ctx.project});
  ctx.notify(`Sync run of ${s.name} queued. The schedule is not moved.`);
}

/** Deletes after a confirmation; what it copied stays in the target. */
async function deleteSync(ctx, s) {
  const confirmed = await ctx.confirm({
    title: `Delete ${s.name}?`,
    message: 'The sync job stops running and leaves this list. The snapshots it copied stay in '
      + `${s.targetDatastore} and keep restoring. This cannot be undone.`,
    confirmLabel: 'Delete sync job',
  });
  if (confirmed) {
    await ctx.api.request('DELETE', syncJobPath(s.name), {query: {project: ctx.project}});
    ctx.notify(`${s.name} deleted.`);
  }
}

/** The last sync: its state and time, what it copied and removed when completed, why when it failed. */
function lastSyncCell(last) {
  if (!last) {
    return h('span', {class: 'muted', 'data-testid': 'sync-last', 'data-state': ''}, 'Never synced');
  }
  const completed = last.state === 'completed';
  return outcome('sync-last', fmt.capitalize(last.state), last.at,
    completed ? h('div', {class: 'small', 'data-testid': 'sync-last-counts',
      title: `${fmt.count(last.alreadyPresent ?? 0)} already present, ${fmt.bytes(last.bytesCopied ?? 0)} copied`},
    `${fmt.count(last.copied ?? 0)} copied, ${fmt.count(last.removed ?? 0)} removed`) : null,
    last.state === 'failed' && last.reason
      ? h('div', {class: 'small error-text', 'data-testid': 'sync-last-reason'}, last.reason) : null);
}

export function mountSyncJobsList(root, ctx) {
  const admin = ctx.role === 'admin';
  const createButton = (attrs = {}) => h('a', {href: '#/sync-jobs/new', class: 'button primary', ...attrs},
    'Create Sync Job');
  const updated = h('span', {class: 'muted small', id: 'sync-jobs-updated', 'aria-live': 'off'});
  const tbody = h('tbody', {id: 'sync-jobs-body'});
  const message = h('div', {id: 'sync-jobs-message'});
  const table = h('table', {class: 'table sync-jobs', id: 'sync-jobs-table', 'data-testid': 'sync-jobs-table'},
    h('caption', {class: 'visually-hidden'}, `Sync jobs of project ${ctx.project}`),
    h('thead', {}, h('tr', {}, (admin ? ADMIN_COLUMNS : COLUMNS).map((c) => h('th', {scope: 'col', class: c.includes(' ') ? 'wrap' : null}, c)))),
    tbody);
  const tableWrap = h('div', {class: 'table-wrap card', id: 'sync-jobs-table-wrap', hidden: true}, table);

  setChildren(root,
    h('div', {class: 'page-head'},
      h('div', {},
        h('p', {class: 'breadcrumb'}, 'Backup Solution'),
        h('h1', {}, 'Sync Jobs'),
        h('p', {class: 'muted'}, 'Copies of the full snapshots of project ', h('strong', {}, ctx.project),
          ' to another datastore, such as the Backup site, which keeps them by its own retention. '
          + 'Last syncs refresh every few seconds.')),
      admin ? createButton({id: 'create-sync-job', 'data-testid': 'create-sync-job'})
        : h('p', {class: 'muted small', id: 'sync-jobs-admins-only'},
          `Only administrators of project ${ctx.project} create sync jobs.`)),
    h('div', {class: 'toolbar'}, updated),
    message,
    tableWrap);

  const rows = new Map(); // sync job id -> {tr, signature}
  let syncJobs = null; // null until loaded

  /** Run Now and Delete, for project administrators. */
  function actions(s) {
    const run = h('button', {type: 'button', class: 'button small', 'data-testid': 'sync-run-now',
      'aria-label': `Run Now ${s.name}`}, 'Run Now');
    const del = h('button', {type: 'button', class: 'button small danger-ghost', 'data-testid': 'sync-delete',
      'aria-label': `Delete ${s.name}`}, 'Delete');
    run.addEventListener('click', () => act(ctx, run, `Run ${s.name}`, () => runSync(ctx, s), refresh));
    del.addEventListener('click', () => act(ctx, del, `Delete ${s.name}`, () => deleteSync(ctx, s), refresh));
    return h('td', {class: 'actions'}, h('div', {class: 'action-group'}, run, del));
  }

  function cells(s) {
    return [
      h('th', {scope: 'row', class: 'name', 'data-testid': 'sync-name'}, s.name,
        s.enabled ? null : h('div', {}, h('span', {class: 'badge state-disabled'}, 'Disabled'))),
      // datastore/namespace, on two lines after the slash if need be
      h('td', {'data-testid': 'sync-from'}, breakAfter(fmt.datastorePath(s.sourceDatastore, s.sourceNamespace), '/')),
      h('td', {'data-testid': 'sync-to'}, breakAfter(fmt.datastorePath(s.targetDatastore, s.targetNamespace), '/')),
      h('td', {class: 'schedule'}, scheduleText(s, 'sync-schedule')),
      h('td', {}, s.retention ? h('code', {'data-testid': 'sync-retention'}, breakAfter(s.retention, ','))
        : h('span', {class: 'muted', 'data-testid': 'sync-retention'}, 'Keep everything')),
      h('td', {}, nextRun({...s, nextRunAt: s.nextRun}, 'sync-next-run')),
      h('td', {class: 'last-sync'}, lastSyncCell(s.lastSync)),
      admin ? actions(s) : null,
    ].filter(Boolean);
  }

  function render() {
    reconcileRows(tbody, rows, syncJobs, (s) => s.id, (s, entry) => {
      // the relative times change too, so the minute is part of the signature
      const signature = JSON.stringify(s) + Math.floor(Date.now() / 60000);
      if (!entry) {
        entry = {tr: h('tr', {'data-testid': 'sync-job-row'}, cells(s)), signature};
      } else if (entry.signature !== signature) {
        entry.signature = signature;
        cells(s).forEach((cell, i) => entry.tr.replaceChild(cell, entry.tr.cells[i]));
      }
      entry.tr.dataset.sync = s.name;
      entry.tr.dataset.state = s.lastSync?.state ?? '';
      return entry;
    });
    if (syncJobs.length === 0) {
      setChildren(message, h('div', {class: 'card empty', 'data-testid': 'sync-jobs-empty'},
        h('p', {}, `No sync jobs in project ${ctx.project} yet.`),
        admin ? createButton() : null));
      tableWrap.hidden = true;
    } else {
      message.replaceChildren();
      tableWrap.hidden = false;
    }
  }

  async function refresh() {
    try {
      syncJobs = await ctx.api.get('/sync-jobs', {project: ctx.project});
      render();
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
      updated.classList.remove('error-text');
    } catch (e) {
      if (e.status !== 401) {
        updated.textContent = `Could not refresh: ${e.message}`;
        updated.classList.add('error-text');
      }
    }
  }

  const stop = poll(refresh, REFRESH_MS);
  return {unmount: stop};
}
