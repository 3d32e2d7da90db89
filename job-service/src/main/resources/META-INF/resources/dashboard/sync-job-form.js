/**
 * Create Sync Job (project administrators): a name, the source datastore and namespace whose full snapshots are
 * copied, the target datastore and namespace (e.g. the Backup site), the schedule and its time zone, and the
 * retention the target keeps the copies by. Problems the API reports are shown next to the field they name.
 */
import {ApiError} from './api.js';
import {h, setChildren} from './dom.js';
import * as fmt from './format.js';
import {datastorePicker, fieldErrors, projectDatastores, retentionSyntax, scheduleSyntax, step, timeZoneList}
  from './forms.js';

/** The control that each error slot (a field of the request) marks aria-invalid. */
const SLOT_CONTROLS = {
  name: 'sync-name', sourceDatastore: 'sync-source-datastore', sourceNamespace: 'sync-source-namespace',
  targetDatastore: 'sync-target-datastore', targetNamespace: 'sync-target-namespace', schedule: 'sync-schedule',
  timezone: 'sync-timezone', retention: 'sync-retention',
};

export function mountSyncJobForm(root, ctx) {
  const heading = h('h1', {id: 'form-title'}, 'Create Sync Job');
  const breadcrumb = () => h('p', {class: 'breadcrumb'},
    h('a', {href: '#/sync-jobs'}, 'Backup Solution › Sync Jobs'), ' › ', 'Create');
  const back = () => h('a', {href: '#/sync-jobs'}, 'Back to Sync Jobs');
  let disposed = false;
  const unmount = () => {
    disposed = true;
  };

  if (ctx.role !== 'admin') {
    setChildren(root, breadcrumb(), heading, h('div', {class: 'alert warning', role: 'alert'},
      `Only administrators of project ${ctx.project} create sync jobs. `, back()));
    return {unmount};
  }

  setChildren(root, breadcrumb(), heading, h('p', {class: 'muted'}, 'Loading…'));
  (async () => {
    try {
      const datastores = await projectDatastores(ctx);
      if (!disposed) {
        build(datastores);
      }
    } catch (e) {
      if (!disposed && e.status !== 401) {
        setChildren(root, breadcrumb(), heading, h('div', {class: 'alert error', role: 'alert'}, e.message, ' ',
          back()));
      }
    }
  })();

  function build(datastores) {
    const problem = h('div', {id: 'form-problem', 'data-testid': 'form-problem', tabindex: '-1'});
    const errors = fieldErrors(problem, {controls: SLOT_CONTROLS});

    // 1. Name
    const name = h('input', {id: 'sync-name', name: 'name', type: 'text', required: true, maxlength: 63,
      autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'help-name error-name'});

    // 2. and 3. Source and target
    const endpoint = (side) => datastorePicker(datastores, {
      datastoreAttrs: {id: `sync-${side}-datastore`, name: `${side}Datastore`, required: true,
        'aria-describedby': `error-${side}Datastore`},
      namespaceAttrs: {id: `sync-${side}-namespace`, name: `${side}Namespace`,
        'aria-describedby': `help-${side}Namespace error-${side}Namespace`}});
    const source = endpoint('source');
    const target = endpoint('target');
    const endpointFields = (side, label, picker) => h('div', {class: 'row'},
      h('div', {class: 'field'}, h('label', {for: `sync-${side}-datastore`}, `${label} datastore`),
        picker.datastore, errors.slot(`${side}Datastore`)),
      h('div', {class: 'field'}, h('label', {for: `sync-${side}-namespace`}, `${label} namespace `,
        h('span', {class: 'muted'}, '(optional)')), picker.namespace,
      h('p', {class: 'help', id: `help-${side}Namespace`}, 'Namespaces of the chosen datastore; (root) is the '
        + 'datastore\'s own.'),
      errors.slot(`${side}Namespace`)));

    // 4. Schedule
    const schedule = h('input', {id: 'sync-schedule', name: 'schedule', type: 'text', required: true,
      autocomplete: 'off', spellcheck: 'false', maxlength: 256, placeholder: 'Sun 04:30',
      'aria-describedby': 'help-schedule error-schedule'});
    const timezone = h('input', {id: 'sync-timezone', name: 'timezone', type: 'text', list: 'time-zones',
      autocomplete: 'off', spellcheck: 'false', maxlength: 64, value: 'UTC',
      'aria-describedby': 'help-timezone error-timezone'});

    // 5. Retention
    const retention = h('input', {id: 'sync-retention', name: 'retention', type: 'text', autocomplete: 'off',
      spellcheck: 'false', maxlength: 256, placeholder: 'keep-weekly=52',
      'aria-describedby': 'help-retention error-retention'});

    const save = h('button', {type: 'submit', class: 'button primary', id: 'sync-save', 'data-testid': 'sync-save'},
      'Save');
    const cancel = h('a', {class: 'button', id: 'sync-cancel', href: '#/sync-jobs'}, 'Cancel');

    const form = h('form', {class: 'job-form', id: 'sync-form', novalidate: true, 'aria-labelledby': 'form-title'},
      problem,
      step(1, 'Name the sync job',
        h('div', {class: 'field'}, h('label', {for: 'sync-name'}, 'Name'), name,
          h('p', {class: 'help', id: 'help-name'}, 'Lower-case letters, digits and hyphens, for example '
            + 'weekly-archival.'),
          errors.slot('name'))),
      step(2, 'Choose the source',
        h('p', {class: 'help'}, 'The full snapshots of this datastore namespace are copied.'),
        endpointFields('source', 'Source', source)),
      step(3, 'Choose the target',
        h('p', {class: 'help'}, 'Another datastore, or another namespace, for example on the Backup site. Only the '
          + 'chunks it lacks are copied, each checked on the way.'),
        endpointFields('target', 'Target', target)),
      step(4, 'Set the schedule',
        h('div', {class: 'row'},
          h('div', {class: 'field grow'}, h('label', {for: 'sync-schedule'}, 'Schedule'), schedule,
            h('p', {class: 'help', id: 'help-schedule'}, 'A systemd-style calendar event, for example Sun 04:30. '
              + 'Examples below.'),
            errors.slot('schedule')),
          h('div', {class: 'field'}, h('label', {for: 'sync-timezone'}, 'Time zone'), timezone, timeZoneList(),
            h('p', {class: 'help', id: 'help-timezone'}, 'The schedule is read in this zone.'),
            errors.slot('timezone'))),
        scheduleSyntax(schedule, false)),
      step(5, 'Configure the target\'s retention',
        h('div', {class: 'field'}, h('label', {for: 'sync-retention'}, 'Retention'), retention,
          h('p', {class: 'help', id: 'help-retention'}, 'How the target keeps the copies: comma-separated windows, '
            + 'e.g. keep-weekly=52. Empty keeps every copy.'),
          errors.slot('retention')),
        retentionSyntax()),
      h('div', {class: 'form-actions'},
        h('span', {class: 'muted small'}, 'The sync job appears in the Sync Jobs list with its next run time.'),
        h('span', {class: 'spacer'}), cancel, save));

    setChildren(root, breadcrumb(), heading,
      h('p', {class: 'muted'}, `A new sync job in project ${ctx.project}.`),
      form);

    function collect() {
      return {
        name: name.value.trim(),
        sourceDatastore: source.datastore.value,
        sourceNamespace: source.namespace.value,
        targetDatastore: target.datastore.value,
        targetNamespace: target.namespace.value,
        schedule: schedule.value.trim(),
        timezone: timezone.value.trim() || 'UTC',
        retention: retention.value.trim() || null,
      };
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      errors.clear();
      save.disabled = true;
      save.textContent = 'Saving…';
      try {
        const created = await ctx.api.post('/sync-jobs', collect(), {project: ctx.project});
        ctx.notify(`Sync job ${created.name} created: `
          + `${fmt.datastorePath(created.sourceDatastore, created.sourceNamespace)} to `
          + `${fmt.datastorePath(created.targetDatastore, created.targetNamespace)}.`
          + (created.nextRun ? ` Next run ${fmt.dateTime(created.nextRun, created.timezone)}.` : ''));
        ctx.navigate('#/sync-jobs');
      } catch (e) {
        if (!(e instanceof ApiError)) {
          throw e;
        }
        if (e.status !== 401) {
          errors.show(e, e.status === 400 ? 'The sync job was not saved: please correct the fields marked below.'
            : `The sync job was not saved: ${e.title}`);
        }
      } finally {
        save.disabled = false;
        save.textContent = 'Save';
      }
    });

    // a field's message goes when it is changed
    for (const [control, slot] of [[name, 'name'], [source.datastore, 'sourceDatastore'],
      [source.namespace, 'sourceNamespace'], [target.datastore, 'targetDatastore'],
      [target.namespace, 'targetNamespace'], [schedule, 'schedule'], [timezone, 'timezone'],
      [retention, 'retention']]) {
      errors.clearOnInput(control, slot);
    }
    name.focus();
  }

  return {unmount};
}
