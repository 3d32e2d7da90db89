package io.ironcore.worker.service;

import io.ironcore.events.run.RunRequested;

/** A run this worker holds: the request and the attempt its lease belongs to. */
public record Claim(RunRequested request, int attempt, String workerId) {
    public String runId() {
        return request.runId();
    }
}
