package io.ironcore.datastore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A namespace path such as {@code prod/eu}; {@link #ROOT} is the empty path. Components match
 * {@code [A-Za-z0-9_][A-Za-z0-9._-]*}, depth at most 7, whole path at most 256 characters.
 * On disk the namespace {@code prod/eu} is the directory {@code ns/prod/ns/eu}.
 */
public record Namespace(List<String> components) {
    public static final Namespace ROOT = new Namespace(List.of());

    public Namespace {
        components = List.copyOf(components);
        if (components.size() > Names.MAX_NS_DEPTH) {
            throw new IllegalArgumentException("namespace deeper than " + Names.MAX_NS_DEPTH + ": " + components);
        }
        for (String c : components) {
            Names.checkComponent("namespace component", c, Names.MAX_NS_LENGTH);
        }
        if (String.join("/", components).length() > Names.MAX_NS_LENGTH) {
            throw new IllegalArgumentException("namespace path longer than " + Names.MAX_NS_LENGTH + " characters");
        }
    }

    /** Parses {@code a/b/c}; the empty string (or "/") is the root namespace. */
    public static Namespace parse(String path) {
        if (path == null) {
            throw new IllegalArgumentException("namespace must not be null");
        }
        if (path.isEmpty() || path.equals("/")) {
            return ROOT;
        }
        return new Namespace(List.of(path.split("/", -1)));
    }

    public static Namespace of(String... components) {
        return new Namespace(List.of(components));
    }

    public boolean isRoot() {
        return components.isEmpty();
    }

    public int depth() {
        return components.size();
    }

    public Namespace child(String component) {
        List<String> c = new ArrayList<>(components);
        c.add(component);
        return new Namespace(c);
    }

    /** Relative path from the datastore root: "" for the root, {@code ns/a/ns/b} otherwise. */
    String relativePath() {
        StringBuilder sb = new StringBuilder();
        for (String c : components) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append("ns/").append(c);
        }
        return sb.toString();
    }

    Path resolve(Path root) {
        Path p = root;
        for (String c : components) {
            p = p.resolve("ns").resolve(c);
        }
        return p;
    }

    /** The namespace path {@code a/b} ("" for the root). */
    @Override
    public String toString() {
        return String.join("/", components);
    }
}
