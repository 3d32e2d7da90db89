package io.ironcore.worker.service;

import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a restore may write: below {@code <restore-root>/<project>/} only. The project and the target come from an
 * event, so they are hostile: the project must be a slug, the target relative, and every directory on the way is
 * created here or must be a real directory (no symbolic link is followed, even one already inside the root).
 */
@ApplicationScoped
public class RestoreTargets {
    static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Inject
    WorkerConfig config;

    /** The real path to restore to (its directory exists, the file does not). */
    public Path resolve(RestoreRequested request) {
        String project = request.project();
        if (project == null || !PROJECT.matcher(project).matches()) {
            throw RunFailure.permanent("restore " + request.restoreId() + ": project '" + project
                    + "' is not a valid project name ([a-z0-9][a-z0-9-]*)");
        }
        String where = "the restore directory of project " + project;
        Path relative;
        try {
            relative = Path.of(request.target()).normalize();
        } catch (InvalidPathException e) {
            throw RunFailure.permanent("target " + request.target() + " is not a valid path");
        }
        if (relative.isAbsolute() || relative.toString().isEmpty() || relative.startsWith("..")) {
            throw RunFailure.permanent("target " + request.target() + " is not below " + where);
        }
        try {
            Path root = Files.createDirectories(Path.of(config.restoreRoot())).toRealPath();
            Path dir = directory(root, project, request, where);
            Path parent = relative.getParent();
            for (int i = 0; parent != null && i < parent.getNameCount(); i++) {
                dir = directory(dir, parent.getName(i).toString(), request, where);
            }
            Path target = dir.resolve(relative.getFileName().toString());
            if (!dir.toRealPath().startsWith(root.resolve(project)) || !target.startsWith(root.resolve(project))) {
                throw RunFailure.permanent("target " + request.target() + " is not below " + where);
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw RunFailure.permanent("target " + request.target() + " exists already");
            }
            return target;
        } catch (IOException e) {
            throw new RunFailure("restore " + request.restoreId() + ": " + e.getMessage(), true, e);
        }
    }

    /** {@code parent/name}, created if missing; refused if it is anything but a real directory. */
    private static Path directory(Path parent, String name, RestoreRequested request, String where)
            throws IOException {
        Path dir = parent.resolve(name);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: checked below like any other
            }
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                || !dir.toRealPath().equals(dir)) {
            throw RunFailure.permanent("target " + request.target() + " is not below " + where + " ("
                    + dir + " is a symbolic link or not a directory)");
        }
        return dir;
    }
}
