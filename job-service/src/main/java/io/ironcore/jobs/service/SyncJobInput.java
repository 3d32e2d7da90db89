package io.ironcore.jobs.service;

/** A sync job to create: what to copy from where to where, when, and how long the copies are kept. */
public record SyncJobInput(String name, String sourceDatastore, String sourceNamespace, String targetDatastore,
                           String targetNamespace, String schedule, String timezone, String retention) {
}
