/** Backup Solution > Jobs: every job of the project, refreshed every few seconds, with its actions. */
import {jobPath} from './api.js';
import {h, poll, reconcileRows, setChildren} from './dom.js';
import * as fmt from './format.js';
import {act as actOn, deleteJob, jobKind, lastRunCell, rpoBadge, runNow, scheduleCell, setEnabled, stateBadge}
  from './jobs.js';

const REFRESH_MS = 3000;
const COLUMNS = ['Name', 'Mode', 'Schedule', 'State / RPO', 'Last run', 'Datastore / Namespace'];

export function mountJobsList(root, ctx) {
  const stateFilter = h('select', {id: 'state-filter', 'data-testid': 'state-filter'},
    h('option', {value: ''}, 'All states'),
    ['Scheduled', 'Running', 'Completed', 'Failed', 'Disabled'].map((s) => h('option', {value: s}, s)));
  const riskFilter = h('select', {id: 'risk-filter', 'data-testid': 'risk-filter'},
    h('option', {value: ''}, 'Any RPO state'),
    h('option', {value: 'true'}, 'At risk'),
    h('option', {value: 'false'}, 'Not at risk'));
  const updated = h('span', {class: 'muted small', id: 'jobs-updated', 'aria-live': 'off'});
  const tbody = h('tbody', {id: 'jobs-body'});
  const message = h('div', {id: 'jobs-message'});
  const table = h('table', {class: 'table jobs', id: 'jobs-table', 'data-testid': 'jobs-table'},
    h('caption', {class: 'visually-hidden'}, `Backup jobs of project ${ctx.project}`),
    h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', {scope: 'col', class: c.includes('/') ? 'wrap' : null}, c)),
      h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
    tbody);

  setChildren(root,
    h('div', {class: 'page-head'},
      h('div', {},
        h('p', {class: 'breadcrumb'}, 'Backup Solution'),
        h('h1', {}, 'Jobs'),
        h('p', {class: 'muted'}, 'Recurring backups of project ', h('strong', {}, ctx.project),
          '. States refresh every few seconds.')),
      h('a', {href: '#/jobs/new', class: 'button primary', id: 'create-job', 'data-testid': 'create-job'},
        'Create Backup Job')),
    h('div', {class: 'toolbar'},
      h('label', {for: 'state-filter', class: 'inline-label'}, 'State'), stateFilter,
      h('label', {for: 'risk-filter', class: 'inline-label'}, 'RPO'), riskFilter, updated),
    message,
    h('div', {class: 'table-wrap card', id: 'jobs-table-wrap'}, table));
  const tableWrap = root.querySelector('#jobs-table-wrap');

  const rows = new Map(); // job name -> {tr, signature, job}
  let jobs = [];

  const act = (button, what, action) => actOn(ctx, button, what, action, refresh);

  function actions(entry) {
    const run = h('button', {type: 'button', class: 'button small', 'data-testid': 'run-now'}, 'Run Now');
    const toggle = h('button', {type: 'button', class: 'button small', 'data-testid': 'toggle-enabled'});
    const edit = h('a', {class: 'button small ghost', 'data-testid': 'edit-job'}, 'Edit');
    const del = h('button', {type: 'button', class: 'button small danger-ghost', 'data-testid': 'delete-job'},
      'Delete');
    run.addEventListener('click', () => act(run, `Run ${entry.job.name}`, () => runNow(ctx, entry.job)));
    toggle.addEventListener('click', () => act(toggle, `${entry.job.enabled ? 'Disable' : 'Enable'} ${entry.job.name}`,
      () => setEnabled(ctx, entry.job, !entry.job.enabled)));
    del.addEventListener('click', () => act(del, `Delete ${entry.job.name}`, () => deleteJob(ctx, entry.job)));
    entry.buttons = {run, toggle, edit, del};
    return h('td', {class: 'actions'}, h('div', {class: 'action-group'}, run, toggle, edit, del));
  }

  function labelActions(entry) {
    const {run, toggle, edit, del} = entry.buttons;
    const name = entry.job.name;
    run.setAttribute('aria-label', `Run Now ${name}`);
    toggle.textContent = entry.job.enabled ? 'Disable' : 'Enable';
    toggle.setAttribute('aria-label', `${entry.job.enabled ? 'Disable' : 'Enable'} ${name}`);
    edit.setAttribute('href', `#${jobPath(name, '/edit')}`);
    edit.setAttribute('aria-label', `Edit ${name}`);
    del.setAttribute('aria-label', `Delete ${name}`);
  }

  function cells(job) {
    return [
      h('th', {scope: 'row', class: 'name'},
        h('a', {href: `#${jobPath(job.name)}`, 'data-testid': 'job-link'}, job.name),
        job.description ? h('div', {class: 'muted small clamp'}, job.description) : null),
      h('td', {'data-testid': 'job-mode'}, jobKind(job)),
      h('td', {class: 'schedule'}, scheduleCell(job)),
      h('td', {}, stateBadge(job.state, 'job-state'), h('div', {class: 'rpo-cell'}, rpoBadge(job, 'job-rpo'))),
      h('td', {}, lastRunCell(job.lastRun)),
      h('td', {'data-testid': 'job-target'}, h('div', {}, job.datastore),
        h('div', {class: 'muted small'}, fmt.namespace(job.namespace))),
    ];
  }

  function render() {
    reconcileRows(tbody, rows, jobs, job => job.name, (job, entry) => {
      // the relative times change too, so the minute is part of the signature
      const signature = JSON.stringify(job) + Math.floor(Date.now() / 60000);
      if (!entry) {
        entry = {job, signature};
        entry.tr = h('tr', {'data-testid': 'job-row', 'data-job': job.name}, cells(job), actions(entry));
        labelActions(entry);
      } else if (entry.signature !== signature) {
        // update the cells in place: the action buttons (and the focus on them) stay
        entry.job = job;
        entry.signature = signature;
        const fresh = cells(job);
        fresh.forEach((cell, i) => entry.tr.replaceChild(cell, entry.tr.cells[i]));
        labelActions(entry);
      }
      entry.tr.dataset.state = job.state;
      return entry;
    });
    if (jobs.length === 0) {
      setChildren(message, h('div', {class: 'card empty', 'data-testid': 'jobs-empty'},
        h('p', {}, riskFilter.value === 'true' ? `No job of project ${ctx.project} is at risk.`
          : stateFilter.value || riskFilter.value ? `No such jobs in project ${ctx.project}.`
            : `No backup jobs in project ${ctx.project} yet.`),
        stateFilter.value || riskFilter.value ? null : h('a', {href: '#/jobs/new', class: 'button primary'}, 'Create Backup Job')));
      tableWrap.hidden = true;
    } else {
      message.replaceChildren();
      tableWrap.hidden = false;
    }
  }

  async function refresh() {
    try {
      jobs = await ctx.api.getAll('/jobs', {project: ctx.project, state: stateFilter.value,
        atRisk: riskFilter.value, limit: 200});
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

  stateFilter.addEventListener('change', () => refresh());
  riskFilter.addEventListener('change', () => refresh());
  const stop = poll(refresh, REFRESH_MS);
  return {unmount: stop};
}
