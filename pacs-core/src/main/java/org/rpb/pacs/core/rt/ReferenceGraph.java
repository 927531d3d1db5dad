package org.rpb.pacs.core.rt;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The references between the series of a set of instances: which series an RTSTRUCT, RTPLAN, RTDOSE
 * or RTIMAGE series points to (CT ← RTSTRUCT ← RTPLAN ← RTDOSE), which references stay unresolved
 * inside the set, and what to select together with a chosen series. Immutable.
 */
public final class ReferenceGraph {

    private final Map<String, String> seriesOfInstance = new HashMap<>();
    private final Map<String, String> modalityOfSeries = new LinkedHashMap<>();
    private final Map<String, Set<String>> referencedSeries = new LinkedHashMap<>();
    private final Map<String, Set<String>> unresolved = new LinkedHashMap<>();

    private ReferenceGraph(Collection<InstanceReferences> instances) {
        for (InstanceReferences i : instances) {
            seriesOfInstance.put(i.sopInstanceUid(), i.seriesInstanceUid());
            modalityOfSeries.putIfAbsent(i.seriesInstanceUid(), i.modality());
            referencedSeries.putIfAbsent(i.seriesInstanceUid(), new LinkedHashSet<>());
        }
        for (InstanceReferences i : instances) {
            for (String uid : i.referencedUids()) {
                String target = modalityOfSeries.containsKey(uid) ? uid : seriesOfInstance.get(uid);
                if (target != null) {
                    if (!target.equals(i.seriesInstanceUid())) {
                        referencedSeries.get(i.seriesInstanceUid()).add(target);
                    }
                } else if (i.isRt()) {
                    unresolved.computeIfAbsent(i.sopInstanceUid(), k -> new LinkedHashSet<>()).add(uid);
                }
            }
        }
    }

    /** Builds the graph of a set of instances. */
    public static ReferenceGraph of(Collection<InstanceReferences> instances) {
        return new ReferenceGraph(instances);
    }

    /** The series of the set, in the order first seen. */
    public Set<String> series() {
        return Set.copyOf(modalityOfSeries.keySet());
    }

    /** The modality of a series of the set. */
    public String modality(String seriesInstanceUid) {
        return modalityOfSeries.get(seriesInstanceUid);
    }

    /** The series of the set that a series references directly. */
    public Set<String> referencedBy(String seriesInstanceUid) {
        return Set.copyOf(referencedSeries.getOrDefault(seriesInstanceUid, Set.of()));
    }

    /**
     * The chosen series and every series they reference, directly or through others: what must be
     * selected together so that the references of the chosen RT objects still resolve.
     */
    public Set<String> withReferences(Collection<String> chosenSeries) {
        Set<String> closure = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(chosenSeries);
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (closure.add(s)) {
                todo.addAll(referencedSeries.getOrDefault(s, Set.of()));
            }
        }
        return closure;
    }

    /**
     * The references of RT instances that resolve to no instance or series of the set, per referring
     * SOP Instance UID. A study-level reference (to a Study Instance UID) is among them; use
     * {@link #unresolved(Set)} to leave out the set's own study.
     */
    public Map<String, Set<String>> unresolved() {
        return copy(unresolved);
    }

    /** Like {@link #unresolved()}, ignoring references to the given UIDs (e.g. the study's own UID). */
    public Map<String, Set<String>> unresolved(Set<String> ignored) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        unresolved.forEach((instance, uids) -> {
            Set<String> left = new LinkedHashSet<>(uids);
            left.removeAll(ignored);
            if (!left.isEmpty()) {
                result.put(instance, Set.copyOf(left));
            }
        });
        return result;
    }

    /** The RT series in a display order: structure sets, plans, then doses, images and the rest. */
    public List<String> rtSeriesInTreeOrder() {
        List<String> order = List.of("RTSTRUCT", "RTPLAN", "RTDOSE", "RTIMAGE");
        return modalityOfSeries.entrySet().stream()
                .filter(e -> e.getValue().startsWith("RT"))
                .sorted((a, b) -> Integer.compare(rank(order, a.getValue()), rank(order, b.getValue())))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static int rank(List<String> order, String modality) {
        int i = order.indexOf(modality);
        return i < 0 ? order.size() : i;
    }

    private static Map<String, Set<String>> copy(Map<String, Set<String>> map) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(k, Set.copyOf(v)));
        return result;
    }
}
