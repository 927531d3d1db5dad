package org.rpb.pacs.retention;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.QueryLevel;

/**
 * {@link StoredStudies} of a PACS over DIMSE: one C-FIND at the instance level whose SOP Instance UID key lists the
 * instances (UID list matching), returning their Study Instance UIDs.
 */
public final class ArchiveStoredStudies implements StoredStudies {

    private final PacsNode node;

    /** @param node the research PACS */
    public ArchiveStoredStudies(PacsNode node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    public Map<String, Integer> holding(Collection<String> sopInstanceUids) throws DicomNetworkException {
        Map<String, Integer> studies = new TreeMap<>();
        if (sopInstanceUids.isEmpty()) {
            return studies;
        }
        Set<String> asked = Set.copyOf(sopInstanceUids);
        FindQuery q = FindQuery.builder(QueryLevel.IMAGE).sopInstanceUid(String.join("\\", asked))
                .withoutReturnKey(Tags.SOPClassUID.value()).withoutReturnKey(Tags.InstanceNumber.value()).build();
        for (InstanceResult i : DicomNetwork.dimse(node).findInstances(q)) {
            // a PACS may match a UID list loosely: only the instances asked about count
            if (asked.contains(i.sopInstanceUid()) && !i.studyInstanceUid().isEmpty()) {
                studies.merge(i.studyInstanceUid(), 1, Integer::sum);
            }
        }
        return studies;
    }
}
