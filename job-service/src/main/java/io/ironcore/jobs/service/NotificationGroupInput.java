package io.ironcore.jobs.service;

import java.util.List;

/** A notification group to create: its name and where its jobs' notifications go (none given: nowhere yet). */
public record NotificationGroupInput(String name, List<String> targets) {
}
