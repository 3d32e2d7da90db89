package io.ironcore.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The training run for the CLI's class-data-sharing archive (the build runs it with {@code
 * -XX:ArchiveClassesAtExit}, see cli/pom.xml; the {@code ironcore-backup} launcher maps the archive): offline backup,
 * incremental backup, verify and restore of a small image in a temporary directory, plus the usage of every command,
 * so that the classes those load come from the archive instead of being parsed and verified on every start. Fails
 * (exit 1) if a command fails, so a broken CLI breaks the build rather than producing an archive of an error path.
 */
public final class ClassDataTraining {
    private static final int MIB = 1 << 20;

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("ironcore-cds-training");
        try {
            Path image = dir.resolve("disk.img");
            writeImage(image);
            String datastore = dir.resolve("datastore").toString();
            String out = ok("backup", "--datastore", datastore, "--id", "1", "--image", image.toString(),
                    "--output", "json");
            ok("backup", "--datastore", datastore, "--id", "1", "--image", image.toString());
            ok("verify", "--datastore", datastore, "--output", "json");
            Matcher m = Pattern.compile("\"snapshot\"\\s*:\\s*\"([^\"]+)\"").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no snapshot id in the backup's output: " + out);
            }
            ok("restore", "--datastore", datastore, "--snapshot", m.group(1), "--target",
                    dir.resolve("restored.img").toString());
            for (String command : new String[] {"job", "run", "snapshot", "prune", "calendar", "backup"}) {
                ok("help", command);
            }
            ok("calendar", "next", "Mon..Fri 02:00", "--count", "3");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static String ok(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IroncoreBackup.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        if (code != 0) {
            System.err.println("ironcore-backup " + String.join(" ", args) + " exited " + code + ": " + err);
            System.exit(1);
        }
        return out.toString();
    }

    /** 12 MiB: zeros, random and text-like 4 MiB blocks, like a disk image. */
    private static void writeImage(Path image) throws IOException {
        byte[] data = new byte[12 * MIB];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 4 * MIB; i < 8 * MIB; i++) {
            data[i] = (byte) rnd.nextInt(256);
        }
        byte[] line = "Nov 26 02:00:01 pve1 vzdump[1234]: INFO: backup job started\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 8 * MIB; i < 12 * MIB; i++) {
            data[i] = line[i % line.length];
        }
        Files.write(image, data);
    }
}
