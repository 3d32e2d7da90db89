/**
 * What the jobs list, the job page and the sync jobs list share: state badges, the schedule and next run, the last
 * run's outcome, the row actions.
 */
import {jobPath} from './api.js';
import {h, randomKey} from './dom.js';
import * as fmt from './format.js';

/** A badge for a job or run state. */
export function stateBadge(state, testid) {
  return h('span', {class: `badge state-${(state || 'none').toLowerCase()}`, 'data-testid': testid,
    'data-state': state ?? ''}, state ?? '—');
}

/**
 * The job's RPO compliance as a badge: "OK 26h", "Pending 26h", "At risk: stale" (never-protected, paused), or a dash
 * for a job that is not monitored (verify and GC jobs, backup jobs without schedule or RPO).
 */
export function rpoBadge(job, testid) {
  const c = job.compliance;
  if (!c) {
    return h('span', {class: 'muted', 'data-testid': testid, 'data-rpo': 'none',
      title: 'Not monitored: no schedule and no RPO'}, '—');
  }
  const label = c.atRisk ? `At risk: ${c.state.replace('-', ' ')}`
    : c.state === 'pending' ? `Pending ${c.rpo}` : `OK ${c.rpo}`;
  const title = c.atRisk
    ? `At risk since ${c.atRiskSince ?? '?'}: newest good snapshot ${c.lastGoodSnapshotAt ?? 'never'}, RPO ${c.rpo}`
    : `RPO ${c.rpo} (${c.rpoSource === 'job' ? 'set on the job' : 'from the schedule'}); at risk after `
      + `${c.deadline ?? '?'}`;
  return h('span', {class: `badge rpo-${c.atRisk ? 'at-risk' : c.state}`, 'data-testid': testid,
    'data-rpo': c.state, title}, label);
}

/** The schedule, its time zone and the next run time (the product page: "shown in the schedule column"). */
export function scheduleCell(job) {
  return [scheduleText(job, 'job-schedule'), nextRun(job, 'job-next-run', 'Next run ')];
}

/** A schedule {schedule, timezone} as code, with its time zone. */
export function scheduleText({schedule, timezone}, testid) {
  return schedule
    ? h('div', {}, h('code', {'data-testid': testid}, schedule), ' ', h('span', {class: 'muted small'}, timezone))
    : h('div', {class: 'muted'}, 'No schedule');
}

/**
 * When {nextRunAt, timezone, schedule, enabled} runs next, in its time zone (the browser's on hover) and from now; or
 * why it does not.
 */
export function nextRun({nextRunAt, timezone, schedule, enabled}, testid, label = '') {
  return nextRunAt
    ? h('div', {class: 'next-run'}, label,
      h('time', {datetime: nextRunAt, 'data-testid': testid, title: fmt.dateTime(nextRunAt)},
        fmt.dateTime(nextRunAt, timezone)),
      h('span', {class: 'muted'}, ` (${fmt.fromNow(nextRunAt)})`))
    : h('div', {class: 'next-run muted', 'data-testid': testid},
      !schedule ? 'Manual runs only' : !enabled ? 'Paused: no next run' : 'No next run');
}

/** How far a running run is (from its last progress report): a progress bar and "45% · 12.0 MiB/s". */
export function progress(run) {
  const p = run?.progress;
  if (!p || run.finishedAt || run.state !== 'Running') {
    return null;
  }
  const percent = p.bytesTotal > 0 ? Math.min(100, Math.floor((100 * p.bytesDone) / p.bytesTotal)) : null;
  const text = [percent !== null ? `${percent}%` : fmt.bytes(p.bytesDone),
    p.bytesPerSecond ? `${fmt.bytes(p.bytesPerSecond)}/s` : null].filter(Boolean).join(' · ');
  return h('div', {class: 'progress small', 'data-testid': 'run-progress'},
    percent !== null ? h('progress', {max: 100, value: percent, 'aria-label': `Run progress ${percent}%`}) : null,
    h('span', {}, text));
}

/** What a job does: its mode for backups, else its action (verify, gc). */
export function jobKind(job) {
  return job.action && job.action !== 'backup' ? fmt.capitalize(job.action) : fmt.capitalize(job.mode);
}

/** The last run's state and time. */
export function lastRunCell(run) {
  if (!run) {
    return h('span', {class: 'muted', 'data-testid': 'job-last-run', 'data-state': ''}, 'Never run');
  }
  return outcome('job-last-run', run.state, run.finishedAt ?? run.startedAt ?? run.requestedAt,
    progress(run),
    run.state === 'Failed' && run.reason ? h('div', {class: 'small error-text'}, run.reason) : null);
}

/**
 * How something that ran last went: its state as a badge, when (from now; the date and time on hover), then
 * `details`. The element is `testid` with data-state, its badge `testid`-state.
 */
export function outcome(testid, state, at, ...details) {
  return h('div', {'data-testid': testid, 'data-state': state},
    stateBadge(state, `${testid}-state`), ' ',
    h('time', {datetime: at, title: fmt.dateTime(at), class: 'small block'}, fmt.fromNow(at)),
    ...details);
}

/** Run now, with an Idempotency-Key so a retried click does not start two runs. */
export async function runNow(ctx, job) {
  const run = await ctx.api.post(jobPath(job.name, '/run'), undefined, {project: ctx.project},
    {'Idempotency-Key': randomKey()});
  ctx.notify(`Run of ${job.name} queued. The schedule is not moved.`);
  return run;
}

export async function setEnabled(ctx, job, enabled) {
  const updated = await ctx.api.post(jobPath(job.name, enabled ? '/enable' : '/disable'), undefined,
    {project: ctx.project});
  ctx.notify(enabled ? `${job.name} resumed: it runs on schedule again.` : `${job.name} paused.`);
  return updated;
}

/** Deletes after a confirmation; answers true when deleted. */
export async function deleteJob(ctx, job) {
  const confirmed = await ctx.confirm({
    title: `Delete ${job.name}?`,
    message: 'The job stops running on its schedule and leaves the Jobs list, with its run history. '
      + 'This cannot be undone.',
    confirmLabel: 'Delete job',
  });
  if (!confirmed) {
    return false;
  }
  await ctx.api.request('DELETE', jobPath(job.name), {query: {project: ctx.project},
    headers: {'If-Match': `"${job.version}"`}});
  ctx.notify(`${job.name} deleted.`);
  return true;
}

/**
 * Runs a row's action with its button disabled meanwhile; a failure is reported, and the list is refreshed after.
 */
export async function act(ctx, button, what, action, refresh) {
  button.disabled = true;
  try {
    await action();
  } catch (e) {
    reportError(ctx, what, e);
  } finally {
    button.disabled = false;
    await refresh().catch(() => {});
  }
}

/** Reports a failed action. */
export function reportError(ctx, what, e) {
  if (e.status === 412) {
    ctx.notify(`${what}: the job changed meanwhile; the list is refreshed, try again.`, 'error');
  } else if (e.status !== 401) {
    ctx.notify(`${what}: ${e.message}`, 'error');
  }
}
