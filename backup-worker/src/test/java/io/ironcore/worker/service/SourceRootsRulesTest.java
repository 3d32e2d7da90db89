package io.ironcore.worker.service;

import io.ironcore.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The source roots' rules on their own: which settings admit which paths (the worker's tests show them in runs). */
class SourceRootsRulesTest {
    @TempDir
    Path dir;

    @Test
    void noRootsConfiguredRefusesEveryDisk() throws Exception {
        Path image = Files.write(dir.resolve("a.raw"), new byte[512]);
        for (Optional<List<String>> none : List.<Optional<List<String>>>of(Optional.empty(), Optional.of(List.of()))) {
            assertThatThrownBy(() -> roots(none).admit("vm/1", image.toString())).isInstanceOf(RunFailure.class)
                    .hasMessage("disk " + image + " of vm/1 is refused: this worker has no source roots "
                            + "(ironcore.worker.source-roots is not set)")
                    .satisfies(e -> assertThat(((RunFailure) e).retryable()).isFalse());
        }
    }

    @Test
    void aRelativeOrMissingRootCountsForNothing() throws Exception {
        Path image = Files.write(dir.resolve("a.raw"), new byte[512]);
        SourceRoots roots = roots(Optional.of(List.of("relative/dir", dir.resolve("missing").toString())));
        assertThatThrownBy(() -> roots.admit("vm/1", image.toString()))
                .hasMessageContaining("this worker has no source roots");
        assertThat(roots(Optional.of(List.of(" " + dir + " "))).admit("vm/1", image.toString()))
                .isEqualTo(image.toRealPath());
    }

    @Test
    void aRootThatIsALinkCountsByItsRealPath() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path image = Files.write(real.resolve("a.raw"), new byte[512]);
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThat(roots(Optional.of(List.of(link.toString()))).admit("vm/1", link.resolve("a.raw").toString()))
                .isEqualTo(image.toRealPath());
    }

    /** udev's links under /dev lead to the nodes themselves: a root there admits them; a link elsewhere does not. */
    @Test
    void aRootUnderDevAdmitsTheBlockDevicesItsLinksLeadTo() throws Exception {
        Path backing = Files.write(dir.resolve("backing.img"), new byte[1 << 20]);
        String loop = attach(backing);
        assumeTrue(loop != null, "losetup -f --show is not possible on this machine");
        Path devRoot = Path.of("/dev/ironcore-test-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectory(devRoot);
            Path viaDev = Files.createSymbolicLink(devRoot.resolve("vm-1-disk-0"), Path.of(loop));
            Path viaData = Files.createSymbolicLink(dir.resolve("vm-1-disk-0"), Path.of(loop));
            Path plain = Files.write(dir.resolve("plain.raw"), new byte[512]);
            Path fileLink = Files.createSymbolicLink(devRoot.resolve("file"), plain);
            SourceRoots roots = roots(Optional.of(List.of(devRoot.toString(), dir.toString())));
            assertThat(roots.admit("vm/1", viaDev.toString())).isEqualTo(Path.of(loop).toRealPath());
            assertThatThrownBy(() -> roots.admit("vm/1", viaData.toString()))
                    .hasMessage("disk " + viaData + " of vm/1 is outside the worker's source roots "
                            + "(ironcore.worker.source-roots)");
            assertThatThrownBy(() -> roots.admit("vm/1", devRoot + "/../" + Path.of(loop).getFileName()))
                    .hasMessageContaining("is outside the worker's source roots");
            // a regular file is admitted by its real path only: here it is below the data root anyway
            assertThat(roots.admit("vm/1", fileLink.toString())).isEqualTo(plain.toRealPath());
            assertThatThrownBy(() -> roots(Optional.of(List.of(devRoot.toString()))).admit("vm/1",
                    fileLink.toString())).hasMessageContaining("is outside the worker's source roots");
        } finally {
            try (var entries = Files.list(devRoot)) {
                for (Path p : entries.toList()) {
                    Files.delete(p);
                }
            } catch (IOException ignored) {
                // not created
            }
            Files.deleteIfExists(devRoot);
            run("losetup", "-d", loop);
        }
    }

    private static SourceRoots roots(Optional<List<String>> configured) {
        SourceRoots roots = new SourceRoots();
        roots.config = (WorkerConfig) Proxy.newProxyInstance(WorkerConfig.class.getClassLoader(),
                new Class<?>[] {WorkerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sourceRoots")) {
                        return configured;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return roots;
    }

    private static String attach(Path file) {
        try {
            Process p = new ProcessBuilder("losetup", "-f", "--show", file.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.startsWith("/dev/") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
