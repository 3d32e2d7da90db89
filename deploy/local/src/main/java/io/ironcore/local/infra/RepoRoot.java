package io.ironcore.local.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the repository root: the {@code ironcore.repo.root} property, or the first parent holding deploy/local. */
public final class RepoRoot {
    private RepoRoot() {
    }

    public static Optional<Path> find() {
        String configured = System.getProperty("ironcore.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured).toAbsolutePath());
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/local")) && Files.exists(p.resolve("pom.xml"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Path require() {
        return find().orElseThrow(() -> new IllegalStateException(
                "cannot find the Ironcore repository above " + Path.of("").toAbsolutePath()));
    }
}
