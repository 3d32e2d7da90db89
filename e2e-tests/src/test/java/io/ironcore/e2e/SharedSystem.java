package io.ironcore.e2e;

import io.ironcore.local.DemoData;
import io.ironcore.local.IroncoreSystem;
import io.ironcore.local.Service;
import io.ironcore.local.SmtpReceiver;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.Ports;
import io.ironcore.local.infra.RepoRoot;
import io.ironcore.local.infra.Scratch;
import io.ironcore.local.testing.TopicProbe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * The system every end-to-end test of this module uses: the broker, the database and the six packaged services,
 * started once per test JVM (so each Quarkus app starts once per module) and stopped at exit. Tests that stop or
 * restart a service leave it running again.
 */
final class SharedSystem {
    /** The workers' read limit in the end-to-end system (bytes per second): a 96 MiB run lasts 1.5 s. */
    static final String WORKER_READ_RATE_LIMIT = "64M";

    /** Free disk the module needs in the temp directory. */
    private static final long SCRATCH_BYTES = 8L << 30;

    static final String TOKEN = "e2e-" + UUID.randomUUID();

    /**
     * The projects granted the images directory (source root {@value DemoData#SOURCE_ROOT}), created first: the
     * tests register workloads over its images in these (DashboardIT's "dash"); any other project is refused them.
     */
    /** The file below the data directory whose duration shifts the scheduler's clock (FaultsIT's clock jump). */
    static final String SCHEDULER_CLOCK_OFFSET = "scheduler-clock-offset";
    static final List<String> IMAGE_PROJECTS = List.of(DemoData.PROJECT, "dash");

    private static SharedSystem instance;
    private static RuntimeException failure;
    private static boolean stopped;

    final Path repo;
    final Path data;
    final IroncoreSystem system;
    final WebhookReceiver webhooks;
    final SmtpReceiver mail;
    final List<DemoData.Vm> vms;
    final TopicProbe kafka;

    private SharedSystem(Path repo, Path data, IroncoreSystem system, WebhookReceiver webhooks, SmtpReceiver mail,
                         List<DemoData.Vm> vms) {
        this.repo = repo;
        this.data = data;
        this.system = system;
        this.webhooks = webhooks;
        this.mail = mail;
        this.vms = vms;
        this.kafka = new TopicProbe(system.bootstrapServers());
    }

    static synchronized SharedSystem get() {
        if (failure != null) {
            throw new IllegalStateException("the system failed to start earlier", failure);
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            // a fallback only: SystemStopper stops it when the test run ends, before the JVM's exit
            Runtime.getRuntime().addShutdownHook(new Thread(SharedSystem::stopIfStarted, "e2e-system-stop"));
        }
        return instance;
    }

    /** Stops the system once, if a test started it: every service, then the broker and the database. */
    static synchronized void stopIfStarted() {
        if (instance == null || stopped) {
            return;
        }
        stopped = true;
        instance.system.close();
        instance.webhooks.close();
        instance.mail.close();
        Scratch.delete(instance.data);
    }

    private static SharedSystem start() {
        Path repo = RepoRoot.require();
        // WorkersIT's images, their snapshots and a restore peak at about 5 GiB
        Path data = Scratch.directory("ironcore-e2e-", SCRATCH_BYTES);
        // the module's two test JVMs start their systems one after the other: twelve services booting at once on two
        // cores start slowly enough for a connection to time out
        Path lockFile = repo.resolve("e2e-tests/target/system-start.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return start(repo, data);
        } catch (IOException e) {
            Scratch.delete(data);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            Scratch.delete(data);
            throw e;
        }
    }

    private static SharedSystem start(Path repo, Path data) throws IOException {
        WebhookReceiver webhooks = WebhookReceiver.start(Ports.free(), null);
        SmtpReceiver mail = SmtpReceiver.start(0, null);
        IroncoreSystem system;
        try {
            // not durable, for speed: the end-to-end system's database is thrown away when the JVM ends
            system = IroncoreSystem.builder(repo, InfraSettings.forTests(data, System.getenv()).nonDurable())
                .freePorts(true)
                // notifications may reach the tests' receivers, and nothing else private
                .allowPrivateReceivers(List.of("127.0.0.1:" + webhooks.port(), "127.0.0.1:" + mail.port()))
                .envAll("IRONCORE_EVENTING_RELAY_RETRY", "500ms")
                .env(Service.JOB, "IRONCORE_AUTH_BOOTSTRAP_TOKEN", TOKEN)
                // the services' admin endpoints (CliIT's admin rebuild)
                .envAll("IRONCORE_ADMIN_TOKEN", TOKEN)
                // ObservabilityIT: a breach is on Kafka within RPO + this
                .env(Service.JOB, "IRONCORE_COMPLIANCE_CHECK_INTERVAL", "5s")
                .env(Service.NOTIFICATION, "IRONCORE_NOTIFICATION_WEBHOOK_URL", webhooks.url("/hooks/e2e"))
                .env(Service.NOTIFICATION, "QUARKUS_MAILER_HOST", "127.0.0.1")
                .env(Service.NOTIFICATION, "QUARKUS_MAILER_PORT", String.valueOf(mail.port()))
                .env(Service.SCHEDULER, "IRONCORE_CLOCK_OFFSET_FILE", data.resolve(SCHEDULER_CLOCK_OFFSET).toString())
                .env(Service.WORKER, "IRONCORE_WORKER_POLL_INTERVAL", "250ms")
                .env(Service.WORKER, "IRONCORE_WORKER_ID", "worker-a")
                .env(Service.WORKER, "IRONCORE_WORKER_LEASE", "8s")
                .env(Service.WORKER, "IRONCORE_WORKER_HEARTBEAT", "2s")
                .env(Service.WORKER, "IRONCORE_WORKER_RETRY_DELAY", "1s")
                .env(Service.WORKER, "IRONCORE_WORKER_PROGRESS_INTERVAL", "500ms")
                // ObservabilityIT: the datastore gauges follow the runs
                .env(Service.WORKER, "IRONCORE_WORKER_DATASTORE_USAGE_INTERVAL", "2s")
                // runs long enough to overlap on any machine: a worker polls about once a second, and WorkersIT
                // needs its six runs to be spread over both workers
                .env(Service.WORKER, "IRONCORE_WORKER_READ_RATE_LIMIT", WORKER_READ_RATE_LIMIT)
                .build()
                .startAll();
        } catch (RuntimeException e) {
            webhooks.close();
            mail.close();
            throw e;
        }
        try {
            Api api = new Api(system.url(Service.JOB), TOKEN);
            for (String project : IMAGE_PROJECTS.subList(1, IMAGE_PROJECTS.size())) {
                Api.Response r = api.post("/api/v1/projects", "{\"name\":\"" + project
                        + "\",\"description\":\"Projects of the end-to-end tests\"}");
                if (r.status() != 201 && r.status() != 409) {
                    throw new IllegalStateException("creating project " + project + " answered " + r.status() + ": "
                            + r.body());
                }
            }
            List<DemoData.Vm> vms = DemoData.install(data, system.url(Service.JOB), TOKEN, 12L << 20,
                    IMAGE_PROJECTS);
            return new SharedSystem(repo, data, system, webhooks, mail, vms);
        } catch (RuntimeException e) {
            system.close();
            webhooks.close();
            mail.close();
            throw e;
        }
    }

    String url(Service service) {
        return system.url(service);
    }

    Api api() {
        return new Api(url(Service.JOB), TOKEN);
    }

    Cli cli() {
        return new Cli(repo, url(Service.JOB), TOKEN);
    }
}
