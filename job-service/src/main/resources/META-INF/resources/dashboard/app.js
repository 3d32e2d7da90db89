/**
 * The Ironcore Backup dashboard: Backup Solution > Jobs and Sync Jobs. Sign-in with an API token (kept in
 * sessionStorage), a project selector, and hash routes:
 *   #/jobs              the jobs list
 *   #/jobs/new          Create Backup Job
 *   #/jobs/NAME         a job and its run history
 *   #/jobs/NAME/edit    Edit a job
 *   #/sync-jobs         the sync jobs list
 *   #/sync-jobs/new     Create Sync Job
 */
import {Api, ApiError} from './api.js';
import {h} from './dom.js';
import {mountJobsList} from './jobs-list.js';
import {mountJobDetail} from './job-detail.js';
import {mountJobForm} from './job-form.js';
import {mountSyncJobsList} from './sync-jobs-list.js';
import {mountSyncJobForm} from './sync-job-form.js';

const TOKEN_KEY = 'ironcore.token';
const PROJECT_KEY = 'ironcore.project';

const $ = (id) => document.getElementById(id);

const session = {
  whoami: null,
  projects: [],
  project: null,
};

let current = null; // the mounted view: {unmount()}

const api = new Api(() => sessionStorage.getItem(TOKEN_KEY), () => {
  signOut('The server refused your token. Sign in again.');
});

/** Shows a short message in the status area; errors stay until dismissed. */
function notify(message, kind = 'info') {
  const close = h('button', {type: 'button', class: 'toast-close', 'aria-label': 'Dismiss message'}, '×');
  const toast = h('div', {class: `toast ${kind}`, role: kind === 'error' ? 'alert' : null}, h('span', {}, message),
    close);
  close.addEventListener('click', () => toast.remove());
  $('toasts').append(toast);
  if (kind !== 'error') {
    setTimeout(() => toast.remove(), 6000);
  }
}

/** Asks the user to confirm, in a modal dialog; resolves true when confirmed. */
function confirmDialog({title, message, confirmLabel}) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = title;
  $('confirm-message').textContent = message;
  $('confirm-ok').textContent = confirmLabel;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), {once: true});
    dialog.showModal();
    $('confirm-cancel').focus();
  });
}

function role(project) {
  if (session.whoami?.systemAdmin) {
    return 'admin';
  }
  return session.whoami?.projects?.[project] ?? session.projects.find((p) => p.name === project)?.role ?? null;
}

function context() {
  return {
    api,
    project: session.project,
    role: role(session.project),
    navigate: (hash) => {
      if (location.hash === hash) {
        route();
      } else {
        location.hash = hash;
      }
    },
    notify,
    confirm: confirmDialog,
  };
}

/**
 * Marks the sidebar entry of a section (its list's route, #/SECTION) active: aria-current "page" on the list itself,
 * "true" on the pages under it.
 */
function markSection(section, onList) {
  for (const link of $('sidebar').querySelectorAll('.nav-link')) {
    const active = link.getAttribute('href') === `#/${section}`;
    link.classList.toggle('active', active);
    if (active) {
      link.setAttribute('aria-current', onList ? 'page' : 'true');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

function route() {
  if (!session.whoami) {
    return;
  }
  current?.unmount();
  current = null;
  const view = $('view');
  view.replaceChildren();
  const path = location.hash.replace(/^#/, '') || '/jobs';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const ctx = context();
  if (parts[0] === 'sync-jobs') {
    const creating = parts[1] === 'new' && parts.length === 2;
    markSection('sync-jobs', !creating);
    current = creating ? mountSyncJobForm(view, ctx) : mountSyncJobsList(view, ctx);
  } else if (parts[0] !== 'jobs' || parts.length === 1) {
    markSection('jobs', true);
    current = mountJobsList(view, ctx);
  } else {
    markSection('jobs', false);
    if (parts[1] === 'new' && parts.length === 2) {
      current = mountJobForm(view, ctx, null);
    } else if (parts.length === 3 && parts[2] === 'edit') {
      current = mountJobForm(view, ctx, parts[1]);
    } else {
      current = mountJobDetail(view, ctx, parts[1]);
    }
  }
  const heading = view.querySelector('h1');
  document.title = `${heading?.textContent || 'Jobs'} · Backup Solution · Ironcore Backup`;
}

function showSignIn(message) {
  current?.unmount();
  current = null;
  $('view').hidden = true;
  $('view').replaceChildren();
  $('session').hidden = true;
  $('sidebar').hidden = true;
  $('signin-view').hidden = false;
  $('signin-error').textContent = message ?? '';
  $('token').setAttribute('aria-invalid', message ? 'true' : 'false');
  $('token').value = '';
  $('token').focus();
  document.title = 'Sign in · Ironcore Backup';
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  session.whoami = null;
  session.projects = [];
  showSignIn(message);
}

async function start(token) {
  const whoami = (await api.request('GET', '/whoami', {token})).data;
  const projects = (await api.request('GET', '/projects', {token})).data;
  sessionStorage.setItem(TOKEN_KEY, token);
  session.whoami = whoami;
  session.projects = projects;
  const saved = sessionStorage.getItem(PROJECT_KEY);
  const names = projects.map((p) => p.name);
  session.project = names.includes(saved) ? saved : names.includes('default') ? 'default' : names[0] ?? null;

  $('user-name').textContent = whoami.user + (whoami.systemAdmin ? ' (administrator)' : '');
  const select = $('project-select');
  select.replaceChildren(...projects.map((p) => h('option', {value: p.name}, p.name)));
  select.value = session.project ?? '';
  select.disabled = projects.length === 0;

  $('signin-view').hidden = true;
  $('session').hidden = false;
  $('sidebar').hidden = false;
  $('view').hidden = false;
  if (!session.project) {
    $('view').replaceChildren(h('div', {class: 'card empty'}, h('h1', {}, 'No project'),
      h('p', {}, 'Your user is not a member of any project yet. Ask an administrator to add you to one.')));
    return;
  }
  route();
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  if (!token) {
    $('signin-error').textContent = 'Paste an API token.';
    $('token').setAttribute('aria-invalid', 'true');
    return;
  }
  const button = $('signin-submit');
  button.disabled = true;
  try {
    await start(token);
  } catch (e) {
    const message = e instanceof ApiError && e.status === 401 ? 'This token is not valid.'
      : `Could not sign in: ${e.message}`;
    showSignIn(message);
  } finally {
    button.disabled = false;
  }
});

$('signout').addEventListener('click', () => signOut(null));

$('project-select').addEventListener('change', (event) => {
  session.project = event.target.value;
  sessionStorage.setItem(PROJECT_KEY, session.project);
  // the list of the section shown, in the project picked
  const list = /^#\/sync-jobs(\/|$)/.test(location.hash) ? '#/sync-jobs' : '#/jobs';
  if (location.hash === list || location.hash === '') {
    route();
  } else {
    location.hash = list;
  }
});

window.addEventListener('hashchange', route);

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  start(saved).catch((e) => signOut(e instanceof ApiError && e.status === 401
    ? 'Your token is no longer valid. Sign in again.' : `Could not reach the server: ${e.message}`));
} else {
  showSignIn(null);
}
