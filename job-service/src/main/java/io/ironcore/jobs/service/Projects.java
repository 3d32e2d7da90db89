package io.ironcore.jobs.service;

/** Projects keep tenants apart; until project membership exists every object lives in the default project. */
public final class Projects {
    public static final String DEFAULT = "default";

    private Projects() {
    }
}
