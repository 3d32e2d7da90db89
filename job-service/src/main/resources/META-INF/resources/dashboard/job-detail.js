/** One job: what it backs up, where and when, its actions, and its run history with each run's stats. */
import {jobPath} from './api.js';
import {h, poll, reconcileRows, setChildren} from './dom.js';
import * as fmt from './format.js';
import {deleteJob, jobKind, progress, reportError, rpoBadge, runNow, scheduleCell, setEnabled, stateBadge}
  from './jobs.js';

const REFRESH_MS = 3000;
const PAGE = 20;

export function mountJobDetail(root, ctx, name) {
  const title = h('h1', {id: 'job-title'}, name);
  const badge = h('span', {});
  const runButton = h('button', {type: 'button', class: 'button primary', id: 'detail-run-now',
    'data-testid': 'detail-run-now'}, 'Run Now');
  const toggleButton = h('button', {type: 'button', class: 'button', id: 'detail-toggle'}, 'Disable');
  const editLink = h('a', {class: 'button', href: `#${jobPath(name, '/edit')}`, id: 'detail-edit'}, 'Edit');
  const deleteButton = h('button', {type: 'button', class: 'button danger-ghost', id: 'detail-delete'}, 'Delete');
  const summary = h('dl', {class: 'summary', id: 'job-summary'});
  const sources = h('div', {id: 'job-sources', 'aria-live': 'polite'});
  const runsBody = h('tbody', {id: 'runs-body'});
  const runsTable = h('table', {class: 'table runs', id: 'run-history', 'data-testid': 'run-history'},
    h('caption', {class: 'visually-hidden'}, `Run history of ${name}, newest first`),
    h('thead', {}, h('tr', {},
      ['Requested', 'Trigger', 'State', 'Duration', 'Read', 'Changed', 'Written', 'Chunks (new / reused / zero)',
        'Snapshots', 'Notifications'].map((c) => h('th', {scope: 'col'}, c)))),
    runsBody);
  const runsEmpty = h('p', {class: 'muted', id: 'runs-empty'}, 'No runs yet. Press Run Now to start one.');
  const more = h('button', {type: 'button', class: 'button small', id: 'runs-more', hidden: true}, 'Load older runs');
  const failure = h('div', {id: 'detail-problem'});

  setChildren(root,
    h('p', {class: 'breadcrumb'}, h('a', {href: '#/jobs', id: 'back-to-jobs'}, 'Backup Solution › Jobs'), ' › ',
      name),
    h('div', {class: 'page-head'},
      h('div', {class: 'title-row'}, title, badge),
      h('div', {class: 'action-group'}, runButton, toggleButton, editLink, deleteButton)),
    failure,
    h('div', {class: 'detail-grid'},
      h('section', {class: 'card', 'aria-labelledby': 'def-title'},
        h('h2', {id: 'def-title'}, 'Definition'), summary),
      h('section', {class: 'card', 'aria-labelledby': 'src-title'},
        h('h2', {id: 'src-title'}, 'Selected workloads'),
        h('p', {class: 'muted small'}, 'What the sources select right now.'), sources)),
    h('section', {class: 'card', 'aria-labelledby': 'runs-title'},
      h('h2', {id: 'runs-title'}, 'Run history'),
      h('div', {class: 'table-wrap'}, runsTable), runsEmpty, more));

  let job = null;
  let olderRuns = []; // pages after the first, loaded on demand
  let olderCursor = null;
  let gone = false;
  const rows = new Map(); // run id -> {tr, signature}

  function item(label, ...value) {
    return [h('dt', {}, label), h('dd', {}, ...value)];
  }

  function renderJob() {
    badge.replaceChildren(stateBadge(job.state, 'detail-state'));
    toggleButton.textContent = job.enabled ? 'Disable' : 'Enable';
    const filters = (list) => list.length ? list.map((f) => h('span', {class: 'chip'}, fmt.filter(f))) : '—';
    setChildren(summary,
      item('Description', job.description || '—'),
      item('Workload ids', job.sourceIds.length ? job.sourceIds.map((id) => h('span', {class: 'chip'}, id)) : '—'),
      item('Include', filters(job.include)),
      item('Exclude', filters(job.exclude)),
      item('Datastore', `${job.datastore} / ${fmt.namespace(job.namespace)}`),
      item('Schedule', scheduleCell(job)),
      item(job.action && job.action !== 'backup' ? 'Action' : 'Mode', jobKind(job)),
      item('Retention', job.retention ? h('code', {}, job.retention) : 'Keep everything'),
      item('RPO', rpoBadge(job, 'detail-rpo'), compliance(job.compliance)),
      item('Notifications', job.notificationMode,
        job.notificationGroup ? ` to group ${job.notificationGroup}` : ''),
      item('Created', fmt.dateTime(job.createdAt)),
      item('Updated', `${fmt.dateTime(job.updatedAt)} (version ${job.version})`));
  }

  /** What the RPO badge summarises: the RPO and its source, the newest good snapshot, the deadline. */
  function compliance(c) {
    if (!c) {
      return h('div', {class: 'small muted'}, 'Not monitored: give the job a schedule or an RPO.');
    }
    return h('div', {class: 'small muted', 'data-testid': 'detail-compliance'},
      `${c.rpo} (${c.rpoSource === 'job' ? 'set on the job' : 'from the schedule'}); newest good snapshot `,
      c.lastGoodSnapshotAt ? fmt.dateTime(c.lastGoodSnapshotAt) : 'none yet',
      c.atRisk ? `; at risk since ${fmt.dateTime(c.atRiskSince)}` : c.deadline
        ? `; at risk after ${fmt.dateTime(c.deadline)}` : '');
  }

  /** A run's notifications, read from the run's own page when opened: where each went, and whether it did. */
  function notificationsCell(run) {
    if (!run.finishedAt) {
      return '—';
    }
    const list = h('ul', {class: 'plain small', 'data-testid': 'run-notifications'});
    const details = h('details', {}, h('summary', {}, 'Show'), list);
    details.addEventListener('toggle', async () => {
      if (!details.open || list.dataset.loaded) {
        return;
      }
      try {
        const detail = await ctx.api.get(jobPath(name, `/runs/${run.id}`), {project: ctx.project});
        const sent = detail.notifications ?? [];
        list.dataset.loaded = 'true';
        setChildren(list, sent.length === 0 ? h('li', {class: 'muted'}, 'None')
          : sent.map((n) => h('li', {'data-outcome': n.outcome},
            h('span', {class: `badge ${n.outcome === 'sent' ? 'state-completed' : 'state-failed'}`}, n.outcome),
            ` ${n.targetType} `, h('code', {}, n.target),
            n.attempts > 1 ? ` after ${n.attempts} attempts` : '',
            n.reason ? h('div', {class: 'error-text'}, n.reason) : null)));
      } catch (e) {
        reportError(ctx, 'Load the notifications', e);
      }
    });
    return details;
  }

  function snapshotsCell(run) {
    const snaps = run.snapshots ?? [];
    if (snaps.length === 0) {
      return '—';
    }
    return h('details', {},
      h('summary', {}, `${snaps.length} snapshot${snaps.length === 1 ? '' : 's'}`),
      h('ul', {class: 'plain small'}, snaps.map((s) =>
        h('li', {}, h('strong', {}, s.sourceId), ' ', h('code', {}, s.snapshotId), ` ${fmt.bytes(s.sizeBytes)}`))));
  }

  function runRow(run) {
    const s = run.stats;
    const stat = (v, f) => (s ? f(v) : '—');
    const tr = h('tr', {'data-testid': 'run-row', 'data-run': run.id, 'data-state': run.state},
      h('td', {}, h('time', {datetime: run.requestedAt, title: fmt.dateTime(run.requestedAt)},
        fmt.shortDateTime(run.requestedAt))),
      h('td', {}, run.trigger ?? '',
        run.action && run.action !== 'backup' ? h('div', {class: 'small muted'}, run.action) : null),
      h('td', {}, stateBadge(run.state, 'run-state'),
        run.attempt > 1 ? h('div', {class: 'small muted'}, `attempt ${run.attempt}`) : null,
        run.reason ? h('div', {class: 'small error-text'}, run.reason) : null),
      h('td', {}, run.finishedAt ? fmt.duration(run.startedAt ?? run.requestedAt, run.finishedAt)
        : run.startedAt ? [`running for ${fmt.duration(run.startedAt, new Date().toISOString())}`, progress(run)]
          : 'waiting'),
      h('td', {'data-testid': 'run-bytes-read'}, stat(s?.bytesRead, fmt.bytes)),
      h('td', {}, stat(s?.bytesChanged, fmt.bytes)),
      h('td', {}, stat(s?.bytesWritten, fmt.bytes)),
      h('td', {}, s ? `${fmt.count(s.chunks)} (${fmt.count(s.chunksWritten)} / ${fmt.count(s.chunksReused)} / `
        + `${fmt.count(s.chunksZero)})` : '—'),
      h('td', {}, snapshotsCell(run)),
      h('td', {}, notificationsCell(run)));
    return tr;
  }

  function renderRuns(runs) {
    reconcileRows(runsBody, rows, runs, run => run.id, (run, entry) => {
      const signature = JSON.stringify(run) + (run.finishedAt ? '' : Math.floor(Date.now() / 1000));
      if (entry && entry.signature === signature) {
        return entry;
      }
      const tr = runRow(run);
      if (entry) {
        const open = entry.tr.querySelector('details')?.open;
        entry.tr.replaceWith(tr);
        if (open && tr.querySelector('details')) {
          tr.querySelector('details').open = true;
        }
      }
      return {tr, signature};
    });
    runsEmpty.hidden = runs.length > 0;
    runsTable.hidden = runs.length === 0;
  }

  async function loadSources() {
    try {
      const list = await ctx.api.get(jobPath(name, '/sources'), {project: ctx.project});
      setChildren(sources, list.length
        ? h('ul', {class: 'workloads'}, list.map((w) => h('li', {},
          h('strong', {}, w.name), ' ', h('span', {class: 'muted small'}, w.id),
          w.tags.map((t) => h('span', {class: 'chip small'}, t)))))
        : h('p', {class: 'warning-text'}, 'The sources select no workload right now: a run would fail.'));
    } catch (e) {
      setChildren(sources, h('p', {class: 'error-text'}, e.message));
    }
  }

  let sourcesLoadedFor = null;

  async function refresh() {
    try {
      job = (await ctx.api.request('GET', jobPath(name), {query: {project: ctx.project}})).data;
    } catch (e) {
      if (e.status === 404) {
        gone = true;
        stop();
        setChildren(failure, h('div', {class: 'alert error', role: 'alert'},
          `Job ${name} does not exist in project ${ctx.project} (any more). `,
          h('a', {href: '#/jobs'}, 'Back to Jobs')));
        return;
      }
      throw e;
    }
    renderJob();
    if (sourcesLoadedFor !== job.version) {
      sourcesLoadedFor = job.version;
      loadSources();
    }
    const page = await ctx.api.get(jobPath(name, '/runs'), {project: ctx.project, limit: PAGE});
    if (olderRuns.length === 0) {
      olderCursor = page.nextCursor;
    }
    const ids = new Set(page.items.map((r) => r.id));
    renderRuns([...page.items, ...olderRuns.filter((r) => !ids.has(r.id))]);
    more.hidden = !olderCursor;
  }

  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await ctx.api.get(jobPath(name, '/runs'), {project: ctx.project, limit: PAGE, cursor: olderCursor});
      olderRuns = [...olderRuns, ...page.items];
      olderCursor = page.nextCursor;
      await refresh();
    } catch (e) {
      reportError(ctx, 'Load older runs', e);
    } finally {
      more.disabled = false;
    }
  });

  async function act(button, what, action) {
    if (!job) {
      return;
    }
    button.disabled = true;
    try {
      await action();
    } catch (e) {
      reportError(ctx, what, e);
    } finally {
      button.disabled = false;
    }
  }

  runButton.addEventListener('click', () => act(runButton, `Run ${name}`, async () => {
    await runNow(ctx, job);
    await refresh();
  }));
  toggleButton.addEventListener('click', () => act(toggleButton, `${job?.enabled ? 'Disable' : 'Enable'} ${name}`,
    async () => {
      await setEnabled(ctx, job, !job.enabled);
      await refresh();
    }));
  deleteButton.addEventListener('click', () => act(deleteButton, `Delete ${name}`, async () => {
    if (await deleteJob(ctx, job)) {
      ctx.navigate('#/jobs');
    }
  }));

  const stop = poll(async () => {
    try {
      await refresh();
    } catch (e) {
      if (e.status !== 401) {
        setChildren(failure, h('div', {class: 'alert error', role: 'alert'}, `Could not refresh: ${e.message}`));
      }
      return;
    }
    if (!gone) {
      failure.replaceChildren();
    }
  }, REFRESH_MS);
  return {unmount: stop};
}
