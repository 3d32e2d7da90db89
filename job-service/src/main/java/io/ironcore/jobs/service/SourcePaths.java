package io.ironcore.jobs.service;

/**
 * The shape of paths the API takes for disk sources and restore targets: no NUL or control characters, no empty,
 * {@code .} or {@code ..} components. job-service cannot see the workers' file systems (symbolic links are the
 * workers' to resolve when they open a file); it refuses every path that is not plainly where it says it is.
 */
public final class SourcePaths {
    /** Longest file name component on Linux (NAME_MAX). */
    static final int NAME_MAX = 255;

    private SourcePaths() {
    }

    /** Why a source root's path is refused, or null: absolute, normalized, not {@code /}. */
    public static String rootError(String path) {
        if (path == null || !path.startsWith("/")) {
            return "must be an absolute path";
        }
        if (path.equals("/")) {
            return "a source root cannot be / (every file of the host)";
        }
        return componentsError(path.substring(1), "an absolute normalized path");
    }

    /** Why a path relative to a source root (or a restore target) is refused, or null. */
    public static String relativeError(String path) {
        if (path == null || path.isEmpty()) {
            return "must not be empty";
        }
        if (path.startsWith("/")) {
            return "must be a relative path";
        }
        return componentsError(path, "a relative path");
    }

    /** Why an absolute disk path is refused, or null (it must also lie below a granted root). */
    public static String absoluteError(String path) {
        if (path == null || !path.startsWith("/") || path.equals("/")) {
            return "must be an absolute path to a file";
        }
        return componentsError(path.substring(1), "an absolute normalized path");
    }

    private static String componentsError(String path, String what) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == 0 || Character.isISOControl(c)) {
                return "must not contain NUL or control characters";
            }
        }
        for (String part : path.split("/", -1)) {
            if (part.equals("..")) {
                return "must not contain '..' components";
            }
            if (part.isEmpty() || part.equals(".")) {
                return "must be " + what + " (no empty or '.' components, no trailing '/')";
            }
            if (part.length() > NAME_MAX) {
                return "a path component is longer than " + NAME_MAX + " characters";
            }
        }
        return null;
    }

    /** Whether {@code path} lies strictly below the directory {@code root} (both normalized). */
    public static boolean below(String path, String root) {
        return path.startsWith(root + "/") && path.length() > root.length() + 1;
    }
}
