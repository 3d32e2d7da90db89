package io.ironcore.jobs.service;

import java.util.List;

/** A workload (VM) to add to the inventory, with its disk images. */
public record WorkloadInput(String id, String name, String project, List<String> tags, List<Disk> disks) {

    /** A disk image: its drive name, the source root it lies below (or null) and its path. */
    public record Disk(String name, String sourceRoot, String path) {
    }
}
