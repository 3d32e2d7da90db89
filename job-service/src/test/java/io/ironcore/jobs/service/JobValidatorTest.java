package io.ironcore.jobs.service;

import io.ironcore.events.job.SourceFilter;
import io.ironcore.jobs.DatastoreEntry;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.access.ProjectMember;
import io.ironcore.jobs.service.errors.DomainException;
import io.ironcore.jobs.service.errors.FieldError;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The job checks on an inventory and registry held in maps (no Quarkus, no database): every error is reported at
 * once with its field; attaching a notification group is for project administrators.
 */
class JobValidatorTest {
    private static final String PROJECT = "alpha";
    private static final String MEMBER_ROLE = ProjectMember.Role.MEMBER.value();
    private static final Caller MEMBER = new Caller("bob", false, Map.of(PROJECT, MEMBER_ROLE, "beta",
            MEMBER_ROLE));
    private static final Caller ADMIN = new Caller("alice", false, Map.of(PROJECT, ProjectMember.Role.ADMIN.value()));

    /** alpha has vm-1, beta has vm-9; ds-1 is open to every project, ds-beta to beta only. */
    private static final class Registry implements JobValidator.Lookup {
        final Map<String, Workload> workloads = new HashMap<>();
        final Map<String, DatastoreEntry> datastores = new HashMap<>();
        final Set<String> namespaces = Set.of("ds-1/production");
        final Set<String> groups = Set.of(PROJECT + "/ops");
        final Set<String> projects = Set.of(PROJECT, "beta", "gamma");

        Registry() {
            addWorkload("vm-1", PROJECT);
            addWorkload("vm-9", "beta");
            addDatastore("ds-1");
            addDatastore("ds-beta", "beta");
        }

        private void addWorkload(String id, String project) {
            Workload w = new Workload();
            w.id = id;
            w.name = id;
            w.project = project;
            workloads.put(id, w);
        }

        private void addDatastore(String name, String... allowed) {
            DatastoreEntry d = new DatastoreEntry();
            d.name = name;
            d.allowedProjects = List.of(allowed);
            datastores.put(name, d);
        }

        @Override
        public Workload workload(String id) {
            return workloads.get(id);
        }

        @Override
        public DatastoreEntry datastore(String name) {
            return datastores.get(name);
        }

        @Override
        public boolean namespaceExists(String datastore, String namespace) {
            return namespace.isEmpty() || namespaces.contains(datastore + "/" + namespace);
        }

        @Override
        public boolean notificationGroupExists(String project, String name) {
            return groups.contains(project + "/" + name);
        }

        @Override
        public boolean projectExists(String name) {
            return projects.contains(name);
        }
    }

    private final JobValidator validator = new JobValidator(new Registry());

    /** A job that passes every check; each test changes what it is about. */
    private static Input valid() {
        return new Input();
    }

    private static final class Input {
        List<String> sourceIds = List.of("vm-1");
        List<SourceFilter> include = List.of();
        List<SourceFilter> exclude = List.of();
        String datastore = "ds-1";
        String namespace = "production";
        String schedule = "daily";
        String timezone = "Europe/Berlin";
        String retention = "keep-daily=7";
        String group;
        String action;

        JobInput build() {
            return new JobInput("nightly", null, "vm", sourceIds, include, exclude, datastore, namespace, "snapshot",
                    schedule, timezone, retention, null, group, true, null, null, action, null);
        }
    }

    private List<FieldError> errors(Caller caller, Input in) {
        DomainException e = catchThrowableOfType(DomainException.class,
                () -> validator.validate(caller, PROJECT, in.build(), null));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
        return e.errors();
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aJobThatMeetsEveryCheckPasses() {
        assertThatCode(() -> validator.validate(MEMBER, PROJECT, valid().build(), null)).doesNotThrowAnyException();
    }

    @Test
    void aBackupWithoutSourcesIsRefusedOnSourceIds() {
        Input in = valid();
        in.sourceIds = List.of();
        assertThat(fields(errors(MEMBER, in))).containsExactly("sourceIds");
    }

    @Test
    void aVerifyJobNeedsNoSources() {
        Input in = valid();
        in.sourceIds = List.of();
        in.action = "verify";
        assertThatCode(() -> validator.validate(MEMBER, PROJECT, in.build(), null)).doesNotThrowAnyException();
    }

    @Test
    void aWorkloadListedTwiceIsNamedByItsSecondPlace() {
        Input in = valid();
        in.sourceIds = List.of("vm-1", "vm-1");
        assertThat(errors(MEMBER, in)).containsExactly(new FieldError("sourceIds[1]", "workload vm-1 is listed twice"));
    }

    @Test
    void aWorkloadOfAnotherProjectIsUnknownLikeOneThatDoesNotExist() {
        Input in = valid();
        in.sourceIds = List.of("vm-1", "vm-9", "vm-404");
        assertThat(errors(MEMBER, in)).containsExactly(
                new FieldError("sourceIds[1]", "unknown workload 'vm-9'"),
                new FieldError("sourceIds[2]", "unknown workload 'vm-404'"));
    }

    @Test
    void anUnknownDatastoreIsRefused() {
        Input in = valid();
        in.datastore = "ds-404";
        assertThat(errors(MEMBER, in)).containsExactly(new FieldError("datastore", "unknown datastore 'ds-404'"));
    }

    @Test
    void aDatastoreClosedToTheProjectIsRefused() {
        Input in = valid();
        in.datastore = "ds-beta";
        assertThat(errors(MEMBER, in)).containsExactly(
                new FieldError("datastore", "project alpha may not write to datastore 'ds-beta'"));
    }

    @Test
    void aNamespaceMissingFromTheDatastoreIsRefused() {
        Input in = valid();
        in.namespace = "staging";
        assertThat(errors(MEMBER, in)).containsExactly(
                new FieldError("namespace", "namespace 'staging' does not exist in datastore 'ds-1'"));
    }

    @Test
    void everyBrokenFieldIsReportedAtOnce() {
        Input in = valid();
        in.schedule = "every full moon";
        in.timezone = "Mars/Olympus";
        in.retention = "keep-daily=0";
        in.datastore = "ds-404";
        List<FieldError> errors = errors(MEMBER, in);
        assertThat(fields(errors)).containsExactlyInAnyOrder("schedule", "timezone", "retention", "datastore");
        assertThat(errors).contains(new FieldError("timezone", "unknown time zone 'Mars/Olympus'"));
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).isNotBlank());
    }

    @Test
    void onlyProjectAdministratorsAttachANotificationGroup() {
        Input in = valid();
        in.group = "ops";
        DomainException e = catchThrowableOfType(DomainException.class,
                () -> validator.validate(MEMBER, PROJECT, in.build(), null));
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(DomainException.Kind.FORBIDDEN);
        assertThat(fields(e.errors())).containsExactly("notificationGroup");
        assertThatCode(() -> validator.validate(ADMIN, PROJECT, in.build(), null)).doesNotThrowAnyException();
    }

    @Test
    void aMemberMayChangeAJobThatKeepsItsGroup() {
        Input in = valid();
        in.group = "ops";
        assertThatCode(() -> validator.validate(MEMBER, PROJECT, in.build(), "ops")).doesNotThrowAnyException();
    }

    @Test
    void anUnknownNotificationGroupIsRefused() {
        Input in = valid();
        in.group = "nobody";
        assertThat(errors(ADMIN, in)).containsExactly(
                new FieldError("notificationGroup", "unknown notification group 'nobody'"));
    }

    @Test
    void aFilterGivesExactlyOneOfNameTagOrProject() {
        Input in = valid();
        in.exclude = List.of(new SourceFilter("db-*", "prod", null), new SourceFilter(null, null, null));
        assertThat(errors(MEMBER, in)).containsExactly(
                new FieldError("exclude[0]", "give exactly one of name, tag or project"),
                new FieldError("exclude[1]", "give exactly one of name, tag or project"));
    }

    @Test
    void aNameGlobOfOtherCharactersIsRefused() {
        Input in = valid();
        in.include = List.of(new SourceFilter("db 1", null, null));
        assertThat(fields(errors(MEMBER, in))).containsExactly("include[0].name");
    }

    @Test
    void aProjectTheCallerCannotSeeIsUnknownLikeOneThatDoesNotExist() {
        Input in = valid();
        in.exclude = List.of(new SourceFilter(null, null, "gamma"), new SourceFilter(null, null, "delta"));
        assertThat(errors(MEMBER, in)).containsExactly(
                new FieldError("exclude[0].project", "unknown project 'gamma'"),
                new FieldError("exclude[1].project", "unknown project 'delta'"));
    }

    @Test
    void aJobIncludesOnlyWorkloadsOfItsOwnProject() {
        Input in = valid();
        in.include = List.of(new SourceFilter(null, null, "beta"));
        assertThat(errors(MEMBER, in)).containsExactly(
                new FieldError("include[0].project", "a job selects only workloads of its own project"));
    }

    @Test
    void filtersAloneAreCheckedForThePreview() {
        DomainException e = catchThrowableOfType(DomainException.class, () -> validator.validateFilters(MEMBER,
                List.of(new SourceFilter(null, "", null)), null));
        assertThat(e).isNotNull();
        assertThat(e.errors()).containsExactly(new FieldError("include[0].tag", "a tag is 1 to 64 characters"));
        assertThatCode(() -> validator.validateFilters(MEMBER, null, null)).doesNotThrowAnyException();
    }
}
