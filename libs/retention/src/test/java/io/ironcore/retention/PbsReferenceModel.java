package io.ironcore.retention;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A deliberately literal, slow port of PBS's {@code compute_prune_info}/{@code mark_selections}
 * with string period keys formatted from {@link ZonedDateTime}s and a string-keyed mark map.
 * It shares no code with the engine and serves as the oracle for differential tests.
 *
 * <p>Generalisation of PBS: keep-last keys by snapshot id (PBS keys by backup time, which is
 * unique in a PBS backup group); in-use snapshots are treated like protected ones.
 */
final class PbsReferenceModel {

    private enum Mark { PROTECTED, KEEP, REMOVE }

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu/MM");
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("uuuu");

    private PbsReferenceModel() {
    }

    /**
     * For every snapshot id: "protected", "in use by a running backup", "no retention windows set",
     * "&lt;window&gt; &lt;pos&gt; of &lt;N&gt;" for kept ones, or "remove".
     */
    static Map<String, String> compute(RetentionPolicy policy, List<RetentionCandidate> snapshots, ZoneId zone) {
        List<RetentionCandidate> list = new ArrayList<>(snapshots);
        list.sort(Comparator.comparing(RetentionCandidate::time).thenComparing(RetentionCandidate::id).reversed());
        Map<String, String> out = new LinkedHashMap<>();
        if (policy.isEmpty()) {
            for (RetentionCandidate s : list) {
                out.put(s.id(), s.isProtected() ? "protected" : s.inUse() ? "in use by a running backup"
                        : "no retention windows set");
            }
            return out;
        }
        Map<String, Mark> mark = new HashMap<>();
        Map<String, String> reason = new HashMap<>();
        for (Window w : Window.values()) {
            if (policy.count(w).isPresent()) {
                markSelections(mark, reason, list, policy.count(w).getAsInt(), w, selector(w, zone));
            }
        }
        for (RetentionCandidate s : list) {
            String r;
            if (s.isProtected()) {
                r = "protected";
            } else if (s.inUse()) {
                r = "in use by a running backup";
            } else if (mark.get(s.id()) == Mark.KEEP) {
                r = reason.get(s.id());
            } else {
                r = "remove";
            }
            out.put(s.id(), r);
        }
        return out;
    }

    private static Function<RetentionCandidate, String> selector(Window w, ZoneId zone) {
        switch (w) {
            case LAST:
                return RetentionCandidate::id;
            case HOURLY:
                return s -> HOUR.format(s.time().atZone(zone));
            case DAILY:
                return s -> DAY.format(s.time().atZone(zone));
            case WEEKLY:
                return s -> {
                    ZonedDateTime z = s.time().atZone(zone);
                    return z.get(IsoFields.WEEK_BASED_YEAR) + "/" + z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                };
            case MONTHLY:
                return s -> MONTH.format(s.time().atZone(zone));
            case YEARLY:
                return s -> YEAR.format(s.time().atZone(zone));
            default:
                throw new AssertionError(w);
        }
    }

    private static void markSelections(Map<String, Mark> mark, Map<String, String> reason,
                                       List<RetentionCandidate> list, int keep, Window w,
                                       Function<RetentionCandidate, String> selectId) {
        Set<String> includeHash = new HashSet<>();
        Set<String> alreadyIncluded = new HashSet<>();
        for (RetentionCandidate info : list) {
            if (mark.get(info.id()) == Mark.KEEP) {
                alreadyIncluded.add(selectId.apply(info));
            }
        }
        for (RetentionCandidate info : list) {
            if (mark.containsKey(info.id())) {
                continue;
            }
            if (info.isProtected() || info.inUse()) {
                mark.put(info.id(), Mark.PROTECTED);
                continue;
            }
            String selId = selectId.apply(info);
            if (alreadyIncluded.contains(selId)) {
                continue;
            }
            if (!includeHash.contains(selId)) {
                if (includeHash.size() >= keep) {
                    break;
                }
                includeHash.add(selId);
                mark.put(info.id(), Mark.KEEP);
                reason.put(info.id(), w.label() + " " + includeHash.size() + " of " + keep);
            } else {
                mark.put(info.id(), Mark.REMOVE);
            }
        }
    }
}
