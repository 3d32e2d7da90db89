package io.ironcore.local;

import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.LocalPrometheus;
import io.ironcore.local.infra.RepoRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code deploy/local/run}: starts Kafka, PostgreSQL and the six services on this machine, installs the demo
 * workloads, prints where everything is, restarts a service or the broker that dies (saying so), and stops all it
 * started on Ctrl-C.
 */
public final class Main {
    static final int WEBHOOK_PORT = 8090;
    static final int SMTP_PORT = 8025;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        boolean demo = true;
        long imageMiB = 64;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-demo" -> demo = false;
                case "--image-mib" -> imageMiB = Long.parseLong(args[++i]);
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        Path repo = RepoRoot.require();
        InfraSettings settings = InfraSettings.fromEnvironment(repo.resolve(".ironcore-data"), System.getenv());
        Files.createDirectories(settings.dataDir());
        String token = adminToken(settings.dataDir());

        System.out.println("Starting Ironcore Backup (data in " + settings.dataDir() + ") ...");
        WebhookReceiver webhooks = WebhookReceiver.start(WEBHOOK_PORT,
                d -> System.out.println("[webhook] " + d.path() + " " + d.body()));
        SmtpReceiver mail;
        try {
            mail = SmtpReceiver.start(SMTP_PORT, m -> System.out.println("[mail] to " + String.join(", ",
                    m.recipients()) + ": " + m.header("Subject") + "\n" + m.body().strip().indent(7)));
        } catch (RuntimeException e) {
            webhooks.close();
            throw e;
        }
        IroncoreSystem system;
        try {
            system = IroncoreSystem.builder(repo, settings)
                    .supervise(System.out::println)
                    // notifications may reach the demo's own receivers, and nothing else on this machine's network
                    .allowPrivateReceivers(List.of("127.0.0.1:" + webhooks.port(), "127.0.0.1:" + mail.port()))
                    .env(Service.JOB, "IRONCORE_AUTH_BOOTSTRAP_TOKEN", token)
                    // the services' admin endpoints (admin rebuild) take the same token
                    .envAll("IRONCORE_ADMIN_TOKEN", token)
                    .env(Service.NOTIFICATION, "IRONCORE_NOTIFICATION_WEBHOOK_URL", webhooks.url("/hooks/ironcore"))
                    .env(Service.NOTIFICATION, "QUARKUS_MAILER_HOST", "127.0.0.1")
                    .env(Service.NOTIFICATION, "QUARKUS_MAILER_PORT", String.valueOf(mail.port()))
                    .build();
        } catch (RuntimeException e) {
            webhooks.close();
            mail.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<LocalPrometheus> prometheus = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Ironcore Backup ...");
            if (prometheus.get() != null) {
                prometheus.get().close();
            }
            system.close();
            webhooks.close();
            mail.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "ironcore-shutdown"));

        try {
            system.startAll();
            String api = system.url(Service.JOB);
            writeCliConfig(settings.dataDir(), api, token, system.bootstrapServers());
            if (demo) {
                DemoData.install(settings.dataDir(), api, token, imageMiB << 20);
            }
            prometheus.set(DemoPrometheus.startIfInstalled(system, settings.dataDir()).orElse(null));
        } catch (RuntimeException e) {
            // stop what was started (the shutdown hook) rather than leave it running without a banner
            System.err.println("deploy/local/run: " + e.getMessage());
            System.exit(1);
        }
        printBanner(system, settings, webhooks, mail, prometheus.get());
        stopped.await();
    }

    private static void printBanner(IroncoreSystem system, InfraSettings s, WebhookReceiver webhooks,
                                    SmtpReceiver mail, LocalPrometheus prometheus) {
        StringBuilder b = new StringBuilder("\nIroncore Backup is up.\n\n");
        b.append(String.format("  %-22s %s/api/v1/jobs%n", "REST API", system.url(Service.JOB)));
        b.append(String.format("  %-22s %s/q/openapi%n", "OpenAPI", system.url(Service.JOB)));
        for (Service svc : Service.values()) {
            b.append(String.format("  %-22s %s/q/health  %s/q/metrics%n", svc.module(), system.url(svc),
                    system.url(svc)));
        }
        b.append(String.format("  %-22s %s%n", "Kafka", system.bootstrapServers()));
        b.append(String.format("  %-22s %s%n", "PostgreSQL", system.infrastructure().postgres().jdbcUrl("")));
        b.append(String.format("  %-22s %s (deliveries are printed below)%n", "Webhook receiver",
                webhooks.url("/hooks/ironcore")));
        b.append(String.format("  %-22s 127.0.0.1:%d (mails to notification groups are printed below)%n",
                "SMTP server", mail.port()));
        b.append(DemoPrometheus.bannerLine(prometheus));
        b.append(String.format("  %-22s %s%n", "Admin token", s.dataDir().resolve("admin-token")));
        b.append(String.format("  %-22s %s%n", "Logs", s.dataDir().resolve("logs")));
        b.append("\nTry, from the repository root:\n")
                .append("  ./ironcore-backup job create --name daily-prod-incr --schedule \"02:00\" --type vm \\\n")
                .append("      --source-id 12345,12346,12347 --repository ibs-primary --namespace production \\\n")
                .append("      --retention keep-daily=7 --notification-mode always\n")
                .append("  ./ironcore-backup job run --name daily-prod-incr\n")
                .append("  ./ironcore-backup job list\n")
                .append("\nCtrl-C stops everything.\n");
        System.out.println(b);
    }

    /** The bootstrap administrator token: generated once per data directory, never stored in the repository. */
    static String adminToken(Path dataDir) throws IOException {
        Path file = dataDir.resolve("admin-token");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String token = "ick_" + HexFormat.of().formatHex(raw);
        Files.writeString(file, token + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return token;
    }

    /** Lets {@code ./ironcore-backup} find this system without flags. */
    static void writeCliConfig(Path dataDir, String url, String token, String kafka) {
        try {
            Path file = dataDir.resolve("cli.conf");
            // kafka: the broker that `ironcore-backup events` and `dlq` read
            Files.writeString(file, "url=" + url + "\ntoken=" + token + "\nkafka=" + kafka + "\n");
            try {
                Files.setPosixFilePermissions(file,
                        PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String USAGE = """
            usage: deploy/local/run [--no-demo] [--image-mib N]

            Starts Kafka, PostgreSQL and the six Ironcore services on this machine; Ctrl-C stops them.
              --no-demo       do not create the demo workloads and datastores
              --image-mib N   size of each demo disk image (default 64)

            Environment:
              IRONCORE_DATA_DIR      data directory (default .ironcore-data in the repository)
              IRONCORE_KAFKA_BOOTSTRAP   use an existing Kafka instead of the embedded broker
              IRONCORE_DB_URL, IRONCORE_DB_USER, IRONCORE_DB_PASSWORD
                                     use an existing PostgreSQL (wal_level=logical) instead of the embedded one
              IRONCORE_KAFKA_PORT, IRONCORE_DB_PORT   ports of the embedded broker and database
            """;
}
