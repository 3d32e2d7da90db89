package io.ironcore.events.run;

import java.util.List;

/**
 * A workload resolved at request time.
 *
 * @param id    workload id, e.g. {@code 12345}; the backup group is {@code vm/<id>}
 * @param name  workload name
 * @param disks its disk images
 */
public record RunSource(String id, String name, List<DiskImage> disks) {
}
