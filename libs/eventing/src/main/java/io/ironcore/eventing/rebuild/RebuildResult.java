package io.ironcore.eventing.rebuild;

import java.util.List;
import java.util.Map;

/**
 * What a rebuild did.
 *
 * @param service     the service
 * @param replaced    whether the rebuilt rows replaced the live ones (else the rebuild only compared)
 * @param events      events replayed into the projection (read from offset 0 up to the end offsets taken at start)
 * @param malformed   records left out because they do not decode (the live consumer dead-lettered them)
 * @param liveRows    rows of each table before the rebuild
 * @param rebuiltRows rows of each table as rebuilt from the log
 * @param lag         how far the live consumer's committed offsets were behind the replayed end offsets: differences
 *                    may be events it had not handled yet (0: it had committed all of them)
 * @param differencesFound how many rows differ
 * @param differences the first {@value #SHOWN} rows that differ, by table and key
 */
public record RebuildResult(String service, boolean replaced, long events, long malformed,
                            Map<String, Integer> liveRows, Map<String, Integer> rebuiltRows, long lag,
                            int differencesFound, List<Difference> differences) {
    public static final int SHOWN = 100;

    /** One row that differs: absent on one side (null), or with different values. */
    public record Difference(String table, String key, Map<String, String> live, Map<String, String> rebuilt) {
    }

    public boolean equal() {
        return differencesFound == 0;
    }
}
