/**
 * Create Backup Job and Edit job, in the product page's steps: name, sources (workloads plus Include and Exclude
 * filters, with a live preview), datastore and namespace, schedule and time zone, mode, retention (with the Prune
 * Simulator), notifications. Problems the API reports are shown next to the field they name.
 */
import {ApiError, jobPath} from './api.js';
import {debounce, h, setChildren} from './dom.js';
import * as fmt from './format.js';
import {datastorePicker, fieldErrors, projectDatastores, retentionSyntax, scheduleSyntax, step, timeZoneList}
  from './forms.js';

const FILTER_KINDS = [['name', 'Name'], ['tag', 'Tag'], ['project', 'Project']];

/** The error slot of each request field (the part of errors[].field before any '[' or '.'). */
const ERROR_SLOTS = {
  name: 'name', description: 'description', type: 'sources', sourceIds: 'sources', include: 'include',
  exclude: 'exclude', datastore: 'datastore', namespace: 'namespace', schedule: 'schedule', timezone: 'timezone',
  mode: 'mode', retention: 'retention', rpo: 'rpo', notificationMode: 'notificationMode',
  notificationGroup: 'notificationGroup', enabled: 'enabled',
};

/** The control each error slot marks aria-invalid. */
const SLOT_CONTROLS = {
  name: 'job-name', description: 'job-description', datastore: 'job-datastore', namespace: 'job-namespace',
  schedule: 'job-schedule', timezone: 'job-timezone', retention: 'job-retention', rpo: 'job-rpo',
  notificationGroup: 'job-notification-group',
};

/**
 * @param editName the job to edit, or null to create one
 * @param notice   a message to show above the form when it opens (after a conflicting change)
 */
export function mountJobForm(root, ctx, editName, notice = null) {
  const editing = editName !== null;
  const heading = h('h1', {id: 'form-title'}, editing ? `Edit ${editName}` : 'Create Backup Job');
  setChildren(root,
    h('p', {class: 'breadcrumb'}, h('a', {href: '#/jobs'}, 'Backup Solution › Jobs'), ' › ',
      editing ? editName : 'Create'),
    heading,
    h('p', {class: 'muted'}, 'Loading…'));

  let disposed = false;
  const cleanups = [];
  const state = {etag: null, original: null};

  (async () => {
    try {
      const [workloads, datastores, groups, loaded] = await Promise.all([
        ctx.api.get('/workloads', {project: ctx.project}),
        projectDatastores(ctx),
        ctx.api.get('/notification-groups', {project: ctx.project}),
        editing ? ctx.api.request('GET', jobPath(editName), {query: {project: ctx.project}}) : null,
      ]);
      if (disposed) {
        return;
      }
      if (loaded) {
        state.etag = loaded.etag;
        state.original = loaded.data;
      }
      build(workloads, datastores, groups);
    } catch (e) {
      if (!disposed && e.status !== 401) {
        setChildren(root, heading, h('div', {class: 'alert error', role: 'alert'},
          e.status === 404 ? `Job ${editName} does not exist in project ${ctx.project}.` : e.message, ' ',
          h('a', {href: '#/jobs'}, 'Back to Jobs')));
      }
    }
  })();

  function build(workloads, datastores, groups) {
    const job = state.original;
    const problem = h('div', {id: 'form-problem', 'data-testid': 'form-problem', tabindex: '-1'},
      notice ? h('div', {class: 'alert warning', role: 'alert', 'data-testid': 'form-notice'}, notice) : null);
    const errors = fieldErrors(problem, {slots: ERROR_SLOTS, controls: SLOT_CONTROLS});
    const errorSlot = errors.slot;

    // 1. Name
    const name = h('input', {id: 'job-name', name: 'name', type: 'text', required: true, maxlength: 63,
      autocomplete: 'off', spellcheck: 'false', value: job?.name ?? '', 'aria-describedby': 'help-name error-name'});
    const description = h('textarea', {id: 'job-description', name: 'description', rows: 2, maxlength: 1024,
      'aria-describedby': 'error-description'}, job?.description ?? '');

    // 2. Sources
    const chosen = new Set(job?.sourceIds ?? []);
    const known = new Set(workloads.map((w) => w.id));
    const missing = [...chosen].filter((id) => !known.has(id)).map((id) => ({id, name: '(not in the inventory)',
      tags: [], missing: true}));
    const workloadSearch = h('input', {id: 'workload-search', type: 'search', placeholder: 'Filter by id, name or tag',
      'aria-label': 'Filter the workload list', 'aria-controls': 'workload-list'});
    const workloadList = h('ul', {class: 'checklist', id: 'workload-list', 'data-testid': 'workload-list'},
      [...workloads, ...missing].map((w) => h('li', {dataset: {search: `${w.id} ${w.name} ${w.tags.join(' ')}`
        .toLowerCase()}},
        h('input', {type: 'checkbox', id: `src-${w.id}`, name: 'sourceIds', value: w.id, checked: chosen.has(w.id),
          'data-testid': 'source-checkbox'}),
        h('label', {for: `src-${w.id}`}, h('strong', {}, w.id), ' ', h('span', {}, w.name),
          w.tags.map((t) => h('span', {class: 'chip small'}, t)),
          w.missing ? h('span', {class: 'warning-text small'}, ' (not in the inventory)') : null))));
    const selectedCount = h('span', {class: 'muted small', id: 'sources-count'});
    const includeRows = h('div', {class: 'filters', id: 'include-filters'});
    const excludeRows = h('div', {class: 'filters', id: 'exclude-filters'});
    const preview = h('div', {class: 'preview', id: 'sources-preview', 'data-testid': 'sources-preview',
      'aria-live': 'polite'});

    // 3. Datastore and namespace
    const {datastore, namespace} = datastorePicker(datastores, {
      datastoreAttrs: {id: 'job-datastore', name: 'datastore', required: true, 'aria-describedby': 'error-datastore'},
      namespaceAttrs: {id: 'job-namespace', name: 'namespace', 'aria-describedby': 'help-namespace error-namespace'},
      datastore: job?.datastore, namespace: job?.namespace});

    // 4. Schedule
    const schedule = h('input', {id: 'job-schedule', name: 'schedule', type: 'text', autocomplete: 'off',
      spellcheck: 'false', maxlength: 256, placeholder: '02:00', value: job?.schedule ?? '',
      'aria-describedby': 'help-schedule error-schedule'});
    const timezone = h('input', {id: 'job-timezone', name: 'timezone', type: 'text', list: 'time-zones',
      autocomplete: 'off', spellcheck: 'false', value: job?.timezone ?? 'UTC',
      'aria-describedby': 'help-timezone error-timezone'});
    const zoneList = timeZoneList();

    // 5. Mode
    const modeRadio = (value, label, help) => h('label', {class: 'choice', for: `mode-${value}`},
      h('input', {type: 'radio', name: 'mode', id: `mode-${value}`, value,
        checked: (job?.mode ?? 'incremental') === value}),
      h('span', {}, h('strong', {}, label), h('span', {class: 'muted small block'}, help)));

    // 6. Retention
    const retention = h('input', {id: 'job-retention', name: 'retention', type: 'text', autocomplete: 'off',
      spellcheck: 'false', maxlength: 256, placeholder: 'keep-daily=7', value: job?.retention ?? '',
      'aria-describedby': 'help-retention error-retention'});
    const rpo = h('input', {id: 'job-rpo', name: 'rpo', type: 'text', autocomplete: 'off', spellcheck: 'false',
      maxlength: 32, placeholder: job?.compliance?.rpoSource === 'schedule' ? job.compliance.rpo : 'from the schedule',
      value: job?.rpo ?? '', class: 'narrow', 'aria-describedby': 'help-rpo error-rpo'});
    const simDays = h('input', {id: 'sim-days', type: 'number', min: 1, max: 3660, value: 60, class: 'narrow'});
    const simulator = h('div', {class: 'simulator', id: 'prune-simulator', 'data-testid': 'prune-simulator',
      'aria-live': 'polite'});

    // 7. Notifications
    const notifyRadio = (value, label, help) => h('label', {class: 'choice', for: `notify-${value}`},
      h('input', {type: 'radio', name: 'notificationMode', id: `notify-${value}`, value,
        checked: (job?.notificationMode ?? 'always') === value}),
      h('span', {}, h('strong', {}, label), h('span', {class: 'muted small block'}, help)));
    const mayAttachGroup = ctx.role === 'admin';
    const group = h('select', {id: 'job-notification-group', name: 'notificationGroup',
      'aria-describedby': 'help-group error-notificationGroup', disabled: !mayAttachGroup || groups.length === 0},
      h('option', {value: ''}, groups.length ? 'No notification group' : 'No notification group in this project'),
      groups.map((g) => h('option', {value: g.name}, `${g.name} (${g.targets.length} target`
        + `${g.targets.length === 1 ? '' : 's'})`)));
    group.value = job?.notificationGroup ?? '';
    const enabled = h('input', {type: 'checkbox', id: 'job-enabled', name: 'enabled',
      checked: job ? job.enabled : true});

    const save = h('button', {type: 'submit', class: 'button primary', id: 'job-save', 'data-testid': 'job-save'},
      'Save');
    const cancel = h('a', {class: 'button', id: 'job-cancel', href: editing ? `#${jobPath(editName)}` : '#/jobs'},
      'Cancel');

    const form = h('form', {class: 'job-form', id: 'job-form', novalidate: true,
      'aria-labelledby': 'form-title'},
      problem,
      step(1, 'Name the job',
        h('div', {class: 'field'}, h('label', {for: 'job-name'}, 'Name'), name,
          h('p', {class: 'help', id: 'help-name'}, 'A descriptive name: lower-case letters, digits and hyphens, '
            + 'for example daily-prod-incr.'),
          errorSlot('name')),
        h('div', {class: 'field'}, h('label', {for: 'job-description'}, 'Description ',
          h('span', {class: 'muted'}, '(optional)')), description, errorSlot('description'))),
      step(2, 'Select sources',
        h('p', {class: 'help'}, 'Add the workloads to back up. Use the Include and Exclude filters to scope by '
          + 'name, tag, or project.'),
        h('div', {class: 'sources-grid'},
          h('div', {},
            h('div', {class: 'field', role: 'group', 'aria-labelledby': 'workloads-label'},
              h('div', {class: 'label-row'}, h('span', {class: 'label', id: 'workloads-label'}, 'Workloads'),
                selectedCount),
              workloadList.children.length > 6 ? workloadSearch : null,
              workloads.length || missing.length ? workloadList
                : h('p', {class: 'muted'}, `Project ${ctx.project} has no workloads in the inventory.`),
              errorSlot('sources')),
            filterEditor('include', 'Include', includeRows, job?.include ?? []),
            errorSlot('include'),
            filterEditor('exclude', 'Exclude', excludeRows, job?.exclude ?? []),
            errorSlot('exclude')),
          h('div', {class: 'preview-box'},
            h('h3', {id: 'preview-title'}, 'Preview: the job backs up'), preview))),
      step(3, 'Choose datastore and namespace',
        h('div', {class: 'row'},
          h('div', {class: 'field'}, h('label', {for: 'job-datastore'}, 'Datastore'), datastore,
            errorSlot('datastore')),
          h('div', {class: 'field'}, h('label', {for: 'job-namespace'}, 'Namespace ',
            h('span', {class: 'muted'}, '(optional)')), namespace,
          h('p', {class: 'help', id: 'help-namespace'}, 'Namespaces of the chosen datastore.'),
          errorSlot('namespace')))),
      step(4, 'Set the schedule',
        h('div', {class: 'row'},
          h('div', {class: 'field grow'}, h('label', {for: 'job-schedule'}, 'Schedule'), schedule,
            h('p', {class: 'help', id: 'help-schedule'}, 'A systemd-style calendar event; leave empty for manual '
              + 'runs only. Examples below.'),
            errorSlot('schedule')),
          h('div', {class: 'field'}, h('label', {for: 'job-timezone'}, 'Time zone'), timezone, zoneList,
            h('p', {class: 'help', id: 'help-timezone'}, 'The schedule is read in this zone.'),
            errorSlot('timezone'))),
        h('div', {class: 'field'},
          h('label', {class: 'checkbox', for: 'job-enabled'}, enabled, ' Enabled: run on schedule'),
          h('p', {class: 'help'}, 'A disabled job keeps its history and can still be run now.'),
          errorSlot('enabled')),
        scheduleSyntax(schedule, !editing)),
      step(5, 'Mode',
        h('div', {class: 'choices', role: 'radiogroup', 'aria-label': 'Mode'},
          modeRadio('incremental', 'Incremental', 'Only changed blocks are uploaded.'),
          modeRadio('full', 'Full', 'Reads every block; forms the base of the next incremental chain.')),
        errorSlot('mode')),
      step(6, 'Configure retention',
        h('div', {class: 'field'}, h('label', {for: 'job-retention'}, 'Retention'), retention,
          h('p', {class: 'help', id: 'help-retention'}, 'Comma-separated windows, e.g. keep-daily=7, keep-weekly=4. '
            + 'Empty keeps every snapshot.'),
          errorSlot('retention')),
        retentionSyntax(),
        h('div', {class: 'field'}, h('label', {for: 'job-rpo'}, 'RPO (recovery point objective)'), rpo,
          h('p', {class: 'help', id: 'help-rpo'}, 'The longest acceptable age of the newest good snapshot, e.g. 26h, '
            + '90m, 1d12h. Empty: derived from the schedule (its longest gap plus a grace; 26h for a daily job). '
            + 'Older than that, or paused, the job is shown at risk and its group is notified.'),
          errorSlot('rpo')),
        h('section', {class: 'simulator-box', 'aria-labelledby': 'sim-title'},
          h('div', {class: 'label-row'},
            h('h3', {id: 'sim-title'}, 'Prune Simulator'),
            h('label', {for: 'sim-days', class: 'inline-label small'}, 'Days to simulate'), simDays),
          simulator)),
      step(7, 'Enable notifications',
        h('div', {class: 'choices', role: 'radiogroup', 'aria-label': 'Notification mode'},
          notifyRadio('always', 'Always', 'Every run (success and failure).'),
          notifyRadio('errors', 'Errors', 'Only when the run fails.'),
          notifyRadio('never', 'Never', 'No notifications.')),
        errorSlot('notificationMode'),
        h('div', {class: 'field'}, h('label', {for: 'job-notification-group'}, 'Notification group ',
          h('span', {class: 'muted'}, '(optional)')), group,
        h('p', {class: 'help', id: 'help-group'}, !mayAttachGroup
          ? 'Only project administrators attach notification groups.'
          : groups.length === 0 ? `Project ${ctx.project} has no notification group yet.`
            : 'The group\'s recipients get the job\'s success and failure alerts.'),
        errorSlot('notificationGroup'))),
      h('div', {class: 'form-actions'},
        h('span', {class: 'muted small'}, editing ? 'Saving changes only what you changed.'
          : 'The job appears in the Jobs list with its next run time.'),
        h('span', {class: 'spacer'}), cancel, save));

    setChildren(root,
      h('p', {class: 'breadcrumb'}, h('a', {href: '#/jobs'}, 'Backup Solution › Jobs'), ' › ',
        editing ? editName : 'Create'),
      heading,
      editing ? h('p', {class: 'muted'}, `Version ${job.version}, last changed ${fmt.dateTime(job.updatedAt)}.`)
        : h('p', {class: 'muted'}, `A new backup job in project ${ctx.project}.`),
      form);

    workloadSearch.addEventListener('input', () => {
      const q = workloadSearch.value.trim().toLowerCase();
      for (const li of workloadList.children) {
        li.hidden = q !== '' && !li.dataset.search.includes(q);
      }
    });

    function filterEditor(kind, label, container, initial) {
      const add = h('button', {type: 'button', class: 'button small', id: `add-${kind}`,
        'data-testid': `add-${kind}`}, `Add ${label} filter`);
      add.addEventListener('click', () => {
        container.append(filterRow(kind, {name: ''}));
        container.lastChild.querySelector('input').focus();
      });
      for (const f of initial) {
        container.append(filterRow(kind, f));
      }
      return h('div', {class: 'field', role: 'group', 'aria-labelledby': `${kind}-label`},
        h('div', {class: 'label-row'}, h('span', {class: 'label', id: `${kind}-label`}, `${label} filters`), add),
        container);
    }

    function filterRow(kind, f) {
      const index = () => [...row.parentNode.children].indexOf(row) + 1;
      const current = FILTER_KINDS.find(([k]) => f[k] !== undefined && f[k] !== null)?.[0] ?? 'name';
      const select = h('select', {class: 'filter-kind', 'data-testid': `${kind}-kind`},
        FILTER_KINDS.map(([k, l]) => h('option', {value: k}, l)));
      select.value = current;
      const input = h('input', {type: 'text', class: 'filter-value', 'data-testid': `${kind}-value`,
        value: f[current] ?? '', spellcheck: 'false', autocomplete: 'off'});
      const remove = h('button', {type: 'button', class: 'button small ghost'}, 'Remove');
      const row = h('div', {class: 'filter-row'}, select, input, remove);
      const relabel = () => {
        select.setAttribute('aria-label', `${kind === 'include' ? 'Include' : 'Exclude'} filter ${index()} by`);
        input.setAttribute('aria-label', `${kind === 'include' ? 'Include' : 'Exclude'} filter ${index()} `
          + (select.value === 'name' ? 'name glob' : select.value));
        input.placeholder = select.value === 'name' ? 'web-*' : select.value === 'tag' ? 'production' : ctx.project;
        remove.setAttribute('aria-label', `Remove ${kind} filter ${index()}`);
      };
      select.addEventListener('change', () => {
        relabel();
        changed();
      });
      remove.addEventListener('click', () => {
        const parent = row.parentNode;
        row.remove();
        [...parent.children].forEach((r) => r.relabel?.());
        changed();
      });
      row.relabel = relabel;
      queueMicrotask(relabel);
      return row;
    }

    function filters(container) {
      return [...container.children].map((row) => {
        const kind = row.querySelector('select').value;
        const value = row.querySelector('input').value.trim();
        return {kind, value};
      }).filter((f) => f.value !== '').map((f) => ({[f.kind]: f.value}));
    }

    function sourceIds() {
      return [...workloadList.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);
    }

    function radio(groupName) {
      return form.querySelector(`input[name="${groupName}"]:checked`)?.value;
    }

    function collect() {
      return {
        name: name.value.trim(),
        description: description.value.trim() || null,
        type: 'vm',
        sourceIds: sourceIds(),
        include: filters(includeRows),
        exclude: filters(excludeRows),
        datastore: datastore.value,
        namespace: namespace.value,
        mode: radio('mode'),
        schedule: schedule.value.trim() || null,
        timezone: timezone.value.trim() || 'UTC',
        retention: retention.value.trim() || null,
        rpo: rpo.value.trim() || null,
        notificationMode: radio('notificationMode'),
        notificationGroup: group.value || null,
        enabled: enabled.checked,
      };
    }

    // Live preview of the sources
    let previewSeq = 0;
    const refreshPreview = debounce(async () => {
      const seq = ++previewSeq;
      const ids = sourceIds();
      selectedCount.textContent = `${ids.length} selected`;
      const include = filters(includeRows);
      if (ids.length === 0 && include.length === 0) {
        setChildren(preview, h('p', {class: 'muted', 'data-testid': 'preview-empty'},
          'Select workloads or add an Include filter.'));
        return;
      }
      try {
        const list = await ctx.api.post('/jobs/preview-sources',
          {sourceIds: ids.filter((id) => known.has(id)), include, exclude: filters(excludeRows)},
          {project: ctx.project});
        if (seq !== previewSeq || disposed) {
          return;
        }
        setChildren(preview,
          h('p', {class: 'preview-count', 'data-testid': 'preview-count', 'data-count': list.length},
            `${list.length} workload${list.length === 1 ? '' : 's'}`),
          list.length ? h('ul', {class: 'workloads'}, list.map((w) => h('li', {'data-testid': 'preview-item',
            'data-id': w.id}, h('strong', {}, w.name), ' ', h('span', {class: 'muted small'}, w.id),
          w.tags.map((t) => h('span', {class: 'chip small'}, t)))))
            : h('p', {class: 'warning-text'}, 'Nothing matches: the job would back up no workload.'));
      } catch (e) {
        if (seq === previewSeq && !disposed && e.status !== 401) {
          setChildren(preview, h('p', {class: 'error-text'}, e.message));
        }
      }
    }, 250);

    // The Prune Simulator: which generations the schedule makes and which the retention keeps
    let simSeq = 0;
    const refreshSimulator = debounce(async () => {
      const seq = ++simSeq;
      const policy = retention.value.trim();
      const when = schedule.value.trim();
      if (!policy) {
        setChildren(simulator, h('p', {class: 'muted'}, 'Without retention every snapshot is kept. Set a '
          + 'retention to preview which generations the job would keep.'));
        return;
      }
      if (!when) {
        setChildren(simulator, h('p', {class: 'muted'}, 'Set a schedule to preview the generations it makes.'));
        return;
      }
      const days = Math.min(Math.max(parseInt(simDays.value, 10) || 60, 1), 3660);
      setChildren(simulator, h('p', {class: 'muted'}, 'Simulating…'));
      try {
        const result = await ctx.api.post('/retention/simulate', {retention: policy, schedule: when,
          timezone: timezone.value.trim() || 'UTC', days});
        if (seq !== simSeq || disposed) {
          return;
        }
        renderSimulation(result, days);
      } catch (e) {
        if (seq === simSeq && !disposed && e.status !== 401) {
          setChildren(simulator, h('div', {class: 'sim-error', 'data-testid': 'simulator-error'},
            h('p', {class: 'error-text'}, 'Cannot simulate: ',
              e.errors.length ? e.errors.map((x) => `${x.field}: ${x.message}`).join('; ') : e.message)));
        }
      }
    }, 400);

    function renderSimulation(result, days) {
      const gens = result.generations;
      const kept = gens.filter((g) => g.keep);
      const zone = result.timezone;
      const showAll = h('input', {type: 'checkbox', id: 'sim-show-removed'});
      const body = h('tbody', {});
      const fill = () => {
        const list = [...(showAll.checked ? gens : kept)].reverse();
        body.replaceChildren(...list.map((g) => h('tr', {class: g.keep ? 'kept' : 'removed',
          'data-testid': 'sim-generation'},
        h('td', {}, h('time', {datetime: g.time}, fmt.dateTime(g.time, zone))),
        h('td', {}, h('span', {class: `badge ${g.keep ? 'state-completed' : 'state-none'}`},
          g.keep ? 'Kept' : 'Pruned')),
        h('td', {class: 'small'}, g.keep ? g.reason : g.removedAt ? `pruned ${fmt.dateTime(g.removedAt, zone)}`
          : g.reason))));
      };
      showAll.addEventListener('change', fill);
      fill();
      setChildren(simulator,
        h('p', {class: 'sim-summary'},
          h('span', {class: 'big', 'data-testid': 'prune-kept', 'data-kept': result.kept}, String(result.kept)),
          ` generation${result.kept === 1 ? '' : 's'} kept of ${gens.length} made in ${days} days `
          + `(at most ${result.peak} at once), with `, h('code', {}, result.retention), ` in ${zone}.`),
        gens.length ? [
          h('label', {class: 'checkbox small', for: 'sim-show-removed'}, showAll, ' Show pruned generations too'),
          h('div', {class: 'sim-table-wrap'}, h('table', {class: 'table compact', id: 'sim-table'},
            h('caption', {class: 'visually-hidden'}, 'Generations at the end of the simulation, newest first'),
            h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Generation'), h('th', {scope: 'col'}, 'Fate'),
              h('th', {scope: 'col'}, 'Why'))),
            body))] : h('p', {class: 'muted'}, 'The schedule makes no snapshot in that time.'));
    }

    /** A merge patch of what changed since the job was loaded. */
    function patchOf(body) {
      const base = state.original;
      const normal = (v) => (v === undefined || v === '' ? null : v);
      // the API shows a filter with all three keys, the form sends the one that is set
      const oneKey = (list) => (list ?? []).map((f) => Object.fromEntries(Object.entries(f)
        .filter(([, v]) => v !== null && v !== undefined)));
      const patch = {};
      for (const [key, value] of Object.entries(body)) {
        const before = key === 'namespace' ? base.namespace || null
          : key === 'include' || key === 'exclude' ? oneKey(base[key]) : normal(base[key]);
        const after = key === 'namespace' ? value || null : normal(value);
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          patch[key] = key === 'namespace' ? value : after;
        }
      }
      return patch;
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      errors.clear();
      const body = collect();
      save.disabled = true;
      save.textContent = 'Saving…';
      try {
        if (!editing) {
          const created = (await ctx.api.request('POST', '/jobs', {query: {project: ctx.project}, body})).data;
          ctx.notify(`Job ${created.name} created.`
            + (created.nextRunAt ? ` Next run ${fmt.dateTime(created.nextRunAt, created.timezone)}.` : ''));
          ctx.navigate('#/jobs');
          return;
        }
        const patch = patchOf(body);
        if (Object.keys(patch).length === 0) {
          ctx.notify('Nothing changed.');
          ctx.navigate(`#${jobPath(editName)}`);
          return;
        }
        const updated = (await ctx.api.request('PATCH', jobPath(editName), {query: {project: ctx.project},
          body: patch, contentType: 'application/merge-patch+json', headers: {'If-Match': state.etag}})).data;
        ctx.notify(`Job ${updated.name} saved.`);
        ctx.navigate(`#${jobPath(updated.name)}`);
      } catch (e) {
        if (!(e instanceof ApiError)) {
          throw e;
        }
        if (e.status === 412) {
          // someone else changed the job since it was loaded: reload it into the form
          current.unmount();
          current = mountJobForm(root, ctx, editName, `${editName} was changed by someone else while you `
            + 'edited it, so your changes were not saved. The form now shows the current job: make your changes '
            + 'again and save.');
          return;
        }
        if (e.status !== 401) {
          errors.show(e, e.status === 400 ? 'The job was not saved: please correct the fields marked below.'
            : `The job was not saved: ${e.title}`);
        }
      } finally {
        save.disabled = false;
        save.textContent = 'Save';
      }
    });

    // Live updates
    const sourcesChanged = () => {
      errors.clearSlot('sources');
      refreshPreview();
    };
    workloadList.addEventListener('change', sourcesChanged);
    function changed() {
      errors.clearSlot('include');
      errors.clearSlot('exclude');
      refreshPreview();
    }
    includeRows.addEventListener('input', changed);
    excludeRows.addEventListener('input', changed);
    for (const [control, slot] of [[name, 'name'], [description, 'description'], [datastore, 'datastore'],
      [namespace, 'namespace'], [group, 'notificationGroup']]) {
      errors.clearOnInput(control, slot);
    }
    for (const [control, slot] of [[schedule, 'schedule'], [timezone, 'timezone'], [retention, 'retention']]) {
      control.addEventListener('input', () => {
        errors.clearSlot(slot);
        refreshSimulator();
      });
    }
    simDays.addEventListener('input', refreshSimulator);
    cleanups.push(() => refreshPreview.cancel(), () => refreshSimulator.cancel());
    refreshPreview();
    refreshSimulator();
    if (!editing) {
      name.focus();
    }
  }

  let current = {
    unmount() {
      disposed = true;
      cleanups.forEach((c) => c());
    },
  };
  return {
    unmount() {
      current.unmount();
    },
  };
}
