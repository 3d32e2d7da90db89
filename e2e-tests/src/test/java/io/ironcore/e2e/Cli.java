package io.ironcore.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./ironcore-backup} from the repository root, as a user would. */
final class Cli {
    record Result(int exitCode, String stdout, String stderr) {
    }

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
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("ironcore-backup " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
