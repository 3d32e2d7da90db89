/** What the jobs list and the job page share: state badges, the schedule cell, the row actions. */
import {jobPath} from './api.js';
import {h, randomKey} from './dom.js';
import * as fmt from './format.js';

/** A badge for a job or run state. */
export function stateBadge(state, testid) {
  return h('span', {class: `badge state-${(state || 'none').toLowerCase()}`, 'data-testid': testid,
    'data-state': state ?? ''}, state ?? '—');
}

/** The schedule, its time zone and the next run time (the product page: "shown in the schedule column"). */
export function scheduleCell(job) {
  const next = job.nextRunAt
    ? h('div', {class: 'next-run'}, 'Next run ',
      h('time', {datetime: job.nextRunAt, 'data-testid': 'job-next-run', title: fmt.dateTime(job.nextRunAt)},
        fmt.dateTime(job.nextRunAt, job.timezone)),
      h('span', {class: 'muted'}, ` (${fmt.fromNow(job.nextRunAt)})`))
    : h('div', {class: 'next-run muted', 'data-testid': 'job-next-run'},
      !job.schedule ? 'Manual runs only' : !job.enabled ? 'Paused: no next run' : 'No next run');
  return [
    job.schedule
      ? h('div', {}, h('code', {'data-testid': 'job-schedule'}, job.schedule), ' ',
        h('span', {class: 'muted small'}, job.timezone))
      : h('div', {class: 'muted'}, 'No schedule'),
    next,
  ];
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
  const at = run.finishedAt ?? run.startedAt ?? run.requestedAt;
  return h('div', {'data-testid': 'job-last-run', 'data-state': run.state},
    stateBadge(run.state, 'job-last-run-state'), ' ',
    h('time', {datetime: at, title: fmt.dateTime(at), class: 'small block'}, fmt.fromNow(at)),
    progress(run),
    run.state === 'Failed' && run.reason ? h('div', {class: 'small error-text'}, run.reason) : null);
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

/** Reports a failed action. */
export function reportError(ctx, what, e) {
  if (e.status === 412) {
    ctx.notify(`${what}: the job changed meanwhile; the list is refreshed, try again.`, 'error');
  } else if (e.status !== 401) {
    ctx.notify(`${what}: ${e.message}`, 'error');
  }
}
