package io.ironcore.jobs.metrics;

import java.util.Arrays;

/**
 * Totals summed over consecutive rows of one job (the query orders its rows by job), handed on when the next job's
 * rows start and at the end: a per-job counter from a table with a row per job and status or mode, without a second
 * query that groups.
 */
final class PerJob {
    /** Receives one job's sums. */
    @FunctionalInterface
    interface Done {
        void accept(String project, String job, long[] sums);
    }

    private final long[] sums;
    private final Done done;
    private String key;
    private String project;
    private String job;

    PerJob(int columns, Done done) {
        this.sums = new long[columns];
        this.done = done;
    }

    /** A row of the job {@code key}; its values are added to the job's sums. */
    void add(String key, String project, String job, long... values) {
        if (this.key != null && !this.key.equals(key)) {
            flush();
        }
        if (this.key == null) {
            this.key = key;
            this.project = project;
            this.job = job;
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] += values[i];
        }
    }

    /** Hands on the current job's sums, if any. */
    void flush() {
        if (key != null) {
            done.accept(project, job, sums.clone());
            key = null;
            Arrays.fill(sums, 0);
        }
    }
}
