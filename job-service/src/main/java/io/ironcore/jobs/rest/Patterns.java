package io.ironcore.jobs.rest;

/** Shapes of names the API accepts. */
public final class Patterns {
    /** A DNS-label-like slug: lower case letters, digits and inner hyphens. */
    public static final String SLUG = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    public static final String SLUG_MESSAGE = "must be a slug: lower-case letters, digits and inner hyphens";
    public static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]*";
    public static final String ID_MESSAGE =
            "must be letters, digits, '.', '_' or '-', starting with a letter or digit";
    /** Proxmox Backup Server's namespace rules: components [A-Za-z0-9_][A-Za-z0-9._-]*, at most 7 levels. */
    public static final String NAMESPACE = "([A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*){0,6})?";
    public static final String NAMESPACE_MESSAGE =
            "must be up to 7 '/'-separated components, each matching [A-Za-z0-9_][A-Za-z0-9._-]*";

    private Patterns() {
    }
}
