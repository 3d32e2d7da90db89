package io.ironcore.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs {@code ./ironcore-backup} from the repository root, as a user would. */
final class Cli {
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** The longest any one command may take: killed after it, whatever its own {@code --timeout}. */
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final Path repo;
    private final String url;
    private final String token;

    Cli(Path repo, String url, String token) {
        this.repo = repo;
        this.url = url;
        this.token = token;
    }

    Result run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(repo.resolve("ironcore-backup").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
        pb.environment().put("IRONCORE_URL", url);
        pb.environment().put("IRONCORE_TOKEN", token);
        try {
            Process p = pb.start();
            // both streams drained while the process runs, so neither a full pipe nor a hung command blocks the test
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("ironcore-backup " + String.join(" ", args) + " did not finish within "
                        + DEADLINE + "; its output so far: " + out.getNow("") + err.getNow(""));
            }
            return new Result(p.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                in.transferTo(buffer);
            } catch (IOException e) {
                // the process was killed: what was read so far is the output
            }
            return buffer.toString(StandardCharsets.UTF_8);
        }, runnable -> {
            Thread t = new Thread(runnable, "cli-output");
            t.setDaemon(true);
            t.start();
        });
    }
}
