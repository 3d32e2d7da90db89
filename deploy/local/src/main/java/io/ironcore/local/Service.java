package io.ironcore.local;

/** The six services: module directory, own database, default HTTP port of the local demo. */
public enum Service {
    JOB("job-service", "ironcore_jobs", 8080),
    SCHEDULER("scheduler-service", "ironcore_scheduler", 8081),
    WORKER("backup-worker", "ironcore_worker", 8082),
    PRUNE("prune-service", "ironcore_prune", 8083),
    SYNC("sync-service", "ironcore_sync", 8084),
    NOTIFICATION("notification-service", "ironcore_notification", 8085);

    private final String module;
    private final String database;
    private final int defaultPort;

    Service(String module, String database, int defaultPort) {
        this.module = module;
        this.database = database;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public String database() {
        return database;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
