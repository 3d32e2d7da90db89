package io.ironcore.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The demo's workloads: small raw disk images of three VMs (a mix of zeros, random and text-like blocks, like a
 * real disk) in the source root {@value #SOURCE_ROOT} (granted to the project {@value #PROJECT}), and the two
 * datastores of the product page, registered through job-service's REST API.
 */
public final class DemoData {
    public record Vm(String id, String name, String tags, Path image) {
    }

    public static final List<String> VM_IDS = List.of("12345", "12346", "12347");
    /** The source root of the demo images, and the project it is granted to. */
    public static final String SOURCE_ROOT = "demo-images";
    public static final String PROJECT = "default";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DemoData() {
    }

    /** The directory of the disk images under a data directory: the workers' source root. */
    public static Path imagesDir(Path dataDir) {
        return dataDir.resolve("images").toAbsolutePath();
    }

    /**
     * Writes the demo images (unless present) and registers datastores, the images' source root and the workloads,
     * whose disks are named by source root and a path relative to it. The source root is granted to {@value #PROJECT}.
     */
    public static List<Vm> install(Path dataDir, String jobServiceUrl, String token, long imageBytes) {
        return install(dataDir, jobServiceUrl, token, imageBytes, List.of(PROJECT));
    }

    /** The same, with the images' source root granted to these projects (the end-to-end tests use several). */
    public static List<Vm> install(Path dataDir, String jobServiceUrl, String token, long imageBytes,
                                   List<String> imageProjects) {
        List<Vm> vms = new ArrayList<>();
        String[] names = {"web-01", "web-02", "db-01"};
        for (int i = 0; i < VM_IDS.size(); i++) {
            String id = VM_IDS.get(i);
            Path image = imagesDir(dataDir).resolve(id + ".raw");
            if (!Files.exists(image)) {
                writeImage(image, imageBytes, Long.parseLong(id));
            }
            vms.add(new Vm(id, names[i], i < 2 ? "web,production" : "db,production", image));
        }
        for (String ds : List.of("ibs-primary", "ibs-backup")) {
            Path dir = dataDir.resolve("datastores").resolve(ds);
            post(jobServiceUrl + "/api/v1/datastores", token, "{\"name\":\"" + ds + "\",\"path\":\""
                    + json(dir.toAbsolutePath().toString()) + "\"}");
            post(jobServiceUrl + "/api/v1/datastores/" + ds + "/namespaces", token, "{\"path\":\"production\"}");
        }
        // a system administrator's grant: the demo images, to the default project; the demo cannot work without it
        StringBuilder projects = new StringBuilder();
        for (String p : imageProjects) {
            projects.append(projects.isEmpty() ? "" : ",").append('"').append(json(p)).append('"');
        }
        post(jobServiceUrl + "/api/v1/source-roots", token, "{\"name\":\"" + SOURCE_ROOT + "\",\"path\":\""
                + json(imagesDir(dataDir).toString()) + "\",\"allowedProjects\":[" + projects + "]}");
        for (Vm vm : vms) {
            String tags = "[\"" + String.join("\",\"", vm.tags().split(",")) + "\"]";
            post(jobServiceUrl + "/api/v1/workloads", token, "{\"id\":\"" + vm.id() + "\",\"name\":\"" + vm.name()
                    + "\",\"tags\":" + tags + ",\"disks\":[{\"name\":\"drive-scsi0\",\"sourceRoot\":\""
                    + SOURCE_ROOT + "\",\"path\":\"" + json(vm.image().getFileName().toString()) + "\"}]}");
        }
        return vms;
    }

    /** A raw image: about 30% zero blocks, 40% random and 30% text-like, in 1 MiB blocks, reproducible by seed. */
    public static void writeImage(Path image, long bytes, long seed) {
        try {
            Files.createDirectories(image.getParent());
            Random random = new Random(seed);
            byte[] block = new byte[1 << 20];
            byte[] words = "backup restore chunk index manifest datastore namespace snapshot retention prune "
                    .getBytes(StandardCharsets.US_ASCII);
            Path tmp = image.resolveSibling(image.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                for (long written = 0; written < bytes; written += block.length) {
                    int kind = random.nextInt(10);
                    if (kind < 3) {
                        Arrays.fill(block, (byte) 0);
                    } else if (kind < 7) {
                        random.nextBytes(block);
                    } else {
                        for (int j = 0; j < block.length; j++) {
                            block[j] = words[(j + random.nextInt(7)) % words.length];
                        }
                    }
                    out.write(block, 0, (int) Math.min(block.length, bytes - written));
                }
            }
            Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Created (201), or there already (409: a demo started again); any other answer fails the demo. */
    private static void post(String url, String token, String body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
