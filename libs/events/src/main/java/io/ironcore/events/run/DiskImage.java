package io.ironcore.events.run;

/**
 * One disk of a workload.
 *
 * @param name the drive name, e.g. {@code drive-scsi0}; it names the image inside a snapshot
 * @param path where the worker reads the raw image
 */
public record DiskImage(String name, String path) {
}
