package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.events.EventJson;
import io.ironcore.local.Service;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every command of {@code ./ironcore-backup} against the running system, as an operator types them. */
class CliIT {

    @Test
    void aJobsWholeLifeFromTheCommandLine() throws Exception {
        SharedSystem s = SharedSystem.get();
        Cli cli = s.cli();
        Cli.Result created = cli.run("job", "create", "--name", "cli-job", "--schedule", "Mon..Fri 18:00",
                "--source-id", "12345", "--include", "tag=db", "--exclude", "name=web-*", "--repository",
                "ibs-primary", "--namespace", "production", "--retention", "keep-daily=7, keep-weekly=4",
                "--notification-mode", "errors", "--timezone", "Europe/Berlin");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.stdout()).startsWith("created job cli-job, next run ");

        Cli.Result shown = cli.run("job", "show", "--name", "cli-job", "--output", "json");
        assertThat(shown.exitCode()).isZero();
        JsonNode job = EventJson.mapper().readTree(shown.stdout());
        assertThat(job.get("schedule").asText()).isEqualTo("Mon..Fri 18:00");
        assertThat(job.get("include").get(0).get("tag").asText()).isEqualTo("db");
        assertThat(job.get("nextRunAt").asText()).endsWith("Z");

        Cli.Result updated = cli.run("job", "update", "--name", "cli-job", "--schedule", "Sun 03:00", "--mode", "full");
        assertThat(updated.exitCode()).as(updated.stderr()).isZero();
        assertThat(updated.stdout()).contains("version 2");
        assertThat(cli.run("job", "disable", "--name", "cli-job").stdout()).isEqualTo("disabled job cli-job\n");
        assertThat(cli.run("job", "list", "--state", "Disabled").stdout()).contains("cli-job");
        assertThat(cli.run("job", "enable", "--name", "cli-job").stdout()).startsWith("enabled job cli-job, next run");

        Cli.Result run = cli.run("job", "run", "--name", "cli-job", "--wait", "--idempotency-key", "cli-1");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String runId = run.stdout().split(" ")[1];
        Cli.Result again = cli.run("job", "run", "--name", "cli-job", "--idempotency-key", "cli-1");
        assertThat(again.stdout()).startsWith("run " + runId + " ");

        Cli.Result runs = cli.run("run", "list", "--job", "cli-job");
        assertThat(runs.stdout().lines()).hasSize(2).last().asString().startsWith(runId).contains("Completed");
        Cli.Result one = cli.run("run", "show", "--job", "cli-job", "--id", runId);
        assertThat(one.stdout()).contains("snapshot 12347").contains("stats.bytesRead");

        // its snapshots, protection (which the next prune pass honours), and the Prune Simulator on them
        await().atMost(Duration.ofSeconds(60)).until(() ->
                cli.run("snapshot", "list", "--job", "cli-job").stdout().lines().count() == 2);
        String snapshot = cli.run("snapshot", "list", "--job", "cli-job", "--output", "json").stdout()
                .transform(out -> {
                    try {
                        return EventJson.mapper().readTree(out).get(0).get("snapshotId").asText();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        assertThat(cli.run("snapshot", "protect", "--id", snapshot).stdout()).isEqualTo("protected " + snapshot + "\n");
        Thread.sleep(1100); // a second snapshot of the group needs a later second
        assertThat(cli.run("job", "run", "--name", "cli-job", "--wait").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> cli.run("snapshot", "list", "--job", "cli-job")
                .stdout().contains("protected"));
        assertThat(cli.run("snapshot", "list", "--job", "cli-job").stdout().lines()).hasSize(3);
        Cli.Result simulated = cli.run("prune", "simulate", "--job", "cli-job", "--retention", "keep-last=1",
                "--output", "json");
        assertThat(simulated.exitCode()).as(simulated.stderr()).isZero();
        assertThat(simulated.stdout()).contains("\"reason\":\"protected\"").contains("\"reason\":\"last 1 of 1\"");
        Cli.Result projected = cli.run("prune", "simulate", "--job", "cli-job", "--schedule", "Sun 03:00",
                "--days", "60");
        assertThat(projected.exitCode()).as(projected.stderr()).isZero();
        assertThat(projected.stdout()).contains("estimated datastore use");

        assertThat(cli.run("job", "delete", "--name", "cli-job").exitCode()).isZero();
        Cli.Result gone = cli.run("job", "show", "--name", "cli-job");
        assertThat(gone.exitCode()).isEqualTo(3);
        assertThat(gone.stderr().strip()).isEqualTo("ironcore-backup: job cli-job does not exist");
    }

    @Test
    void aNotificationGroupFromTheCommandLineGetsTheRunByWebhookAndByMail() throws Exception {
        SharedSystem s = SharedSystem.get();
        Cli cli = s.cli();
        String hook = s.webhooks.url("/hooks/cli-team");
        Cli.Result group = cli.run("notification-group", "create", "--name", "cli-team", "--target", hook,
                "--target", "cli-team@example.org");
        assertThat(group.exitCode()).as(group.stderr()).isZero();
        assertThat(group.stdout()).isEqualTo("created notification group cli-team (2 recipient(s))\n");
        assertThat(cli.run("notification-group", "list").stdout()).contains("cli-team")
                .contains("cli-team@example.org");
        Cli.Result bad = cli.run("notification-group", "create", "--name", "cli-bad", "--target", "ftp://x/y");
        assertThat(bad.exitCode()).isEqualTo(7);
        assertThat(bad.stderr().lines()).singleElement().asString()
                .contains("must be an http(s) webhook URL, an email address or a metric server");

        Cli.Result created = cli.run("job", "create", "--name", "cli-notified", "--source-id", "12345",
                "--repository", "ibs-primary", "--namespace", "production", "--notification-mode", "always",
                "--notification-group", "cli-team");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        Cli.Result run = cli.run("job", "run", "--name", "cli-notified", "--wait");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String runId = run.stdout().split(" ")[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> s.webhooks.deliveries().stream()
                .anyMatch(d -> d.path().equals("/hooks/cli-team") && d.body().contains(runId)));
        await().atMost(Duration.ofSeconds(60)).until(() -> s.mail.mails().stream()
                .anyMatch(m -> m.recipients().contains("cli-team@example.org") && m.body().contains(runId)));
        io.ironcore.local.SmtpReceiver.Mail mail = s.mail.mails().stream()
                .filter(m -> m.body().contains(runId)).findFirst().orElseThrow();
        assertThat(mail.header("Subject")).isEqualTo("[Ironcore Backup] cli-notified: run completed");
        Cli.Result inUse = cli.run("notification-group", "delete", "--name", "cli-team");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.stderr().lines()).singleElement().asString().contains("is attached to cli-notified");
        Cli.Result changed = cli.run("notification-group", "update", "--name", "cli-team", "--target", hook);
        assertThat(changed.stdout()).isEqualTo("updated notification group cli-team (1 recipient(s))\n");
        assertThat(EventJson.mapper().readTree(cli.run("job", "show", "--name", "cli-notified", "--output", "json")
                .stdout()).get("version").asLong()).isEqualTo(2);
        assertThat(cli.run("job", "delete", "--name", "cli-notified").exitCode()).isZero();
        assertThat(cli.run("notification-group", "delete", "--name", "cli-team").stdout())
                .isEqualTo("deleted notification group cli-team\n");
        assertThat(cli.run("notification-group", "list").stdout()).doesNotContain("cli-team");
    }

    @Test
    void eachProjectionRebuiltFromTheLogEqualsTheLiveOne() {
        SharedSystem s = SharedSystem.get();
        Cli cli = s.cli();
        // a job's life on the log first: created, changed, paused, deleted; and a run of another job (job-service's
        // run history)
        assertThat(cli.run("job", "create", "--name", "cli-rebuilt", "--source-id", "12345", "--repository",
                "ibs-primary", "--schedule", "Sat 05:00", "--retention", "keep-last=2").exitCode()).isZero();
        assertThat(cli.run("job", "update", "--name", "cli-rebuilt", "--retention", "keep-daily=3").exitCode())
                .isZero();
        assertThat(cli.run("job", "disable", "--name", "cli-rebuilt").exitCode()).isZero();
        assertThat(cli.run("job", "delete", "--name", "cli-rebuilt").exitCode()).isZero();
        assertThat(cli.run("job", "create", "--name", "cli-rebuilt-run", "--source-id", "12345", "--repository",
                "ibs-primary").exitCode()).isZero();
        Cli.Result ran = cli.run("job", "run", "--name", "cli-rebuilt-run", "--wait");
        assertThat(ran.exitCode()).as(ran.stderr()).isZero();
        Map<String, Service> services = Map.of("job-service", Service.JOB, "scheduler-service", Service.SCHEDULER,
                "prune-service", Service.PRUNE, "sync-service", Service.SYNC, "notification-service",
                Service.NOTIFICATION);
        services.forEach((name, service) -> {
            Cli.Result compared = await().atMost(Duration.ofSeconds(60)).until(() -> cli.run("admin", "rebuild",
                    "--service", name, "--url", s.url(service), "--admin-token", SharedSystem.TOKEN),
                    r -> r.exitCode() != 3);
            assertThat(compared.exitCode()).as(name + ": " + compared.stdout() + compared.stderr()).isZero();
            assertThat(compared.stdout().lines().findFirst().orElseThrow()).startsWith(name
                    + ": rebuilt and compared from ").endsWith(": equal to the live projection");
        });
        Cli.Result wrong = cli.run("admin", "rebuild", "--service", "prune-service", "--url", s.url(Service.PRUNE),
                "--admin-token", "wrong");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr().lines()).singleElement().asString().startsWith("ironcore-backup: ");
    }

    @Test
    void mistakesEndWithOneClearLineAndADocumentedExitCode() {
        Cli cli = SharedSystem.get().cli();
        Cli.Result badSchedule = cli.run("job", "create", "--name", "cli-bad", "--schedule", "Sunn 03:00",
                "--source-id", "12345", "--repository", "ibs-primary");
        assertThat(badSchedule.exitCode()).isEqualTo(7);
        assertThat(badSchedule.stderr().lines()).singleElement().asString()
                .startsWith("ironcore-backup: --schedule: invalid weekday 'Sunn'");
        Cli.Result badRetention = cli.run("job", "create", "--name", "cli-bad", "--source-id", "12345",
                "--repository", "ibs-primary", "--retention", "keep-daily=0");
        assertThat(badRetention.exitCode()).isEqualTo(7);
        assertThat(badRetention.stderr().lines()).singleElement().asString().contains("--retention: keep-daily");
        Cli.Result badFlag = cli.run("job", "create", "--name", "x", "--colour", "blue");
        assertThat(badFlag.exitCode()).isEqualTo(2);
        Cli.Result badFilter = cli.run("job", "create", "--name", "x", "--source-id", "1", "--repository", "r",
                "--include", "colour=blue");
        assertThat(badFilter.exitCode()).isEqualTo(2);
        assertThat(badFilter.stderr().strip()).isEqualTo(
                "ironcore-backup: --include takes name=GLOB, tag=TAG or project=NAME, not 'colour=blue'");
        Cli.Result noToken = new Cli(SharedSystem.get().repo, SharedSystem.get().url(Service.JOB),
                "wrong").run("job", "list");
        assertThat(noToken.exitCode()).isEqualTo(6);
    }
}
