package org.rpb.pacs.core.rt;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;

/**
 * One instance and the UIDs it references, read from its data set.
 *
 * <p>Every (0008,1155) Referenced SOP Instance UID and (0020,000E) Series Instance UID found inside
 * a sequence item, at any depth, counts as a reference. That covers the RT references (Contour Image
 * Sequence, RT Referenced Series, Referenced Structure Set, Referenced RT Plan, Referenced Dose) and
 * the image references of other objects, without a list per IOD that would miss new ones. Study-level
 * references (the RT Referenced Study Sequence holds a Study Instance UID in a Referenced SOP
 * Instance UID) are kept too; they simply resolve to no series.
 *
 * @param sopInstanceUid    (0008,0018) of the instance
 * @param seriesInstanceUid (0020,000E) of the instance
 * @param modality          (0008,0060), e.g. CT, RTSTRUCT, RTPLAN, RTDOSE, RTIMAGE
 * @param referencedUids    the UIDs it references, in the order found
 */
public record InstanceReferences(String sopInstanceUid, String seriesInstanceUid, String modality,
        Set<String> referencedUids) {

    private static final Tag SOP_INSTANCE_UID = Tag.of(0x00080018);
    private static final Tag SERIES_INSTANCE_UID = Tag.of(0x0020000E);
    private static final Tag MODALITY = Tag.of(0x00080060);
    private static final Tag REFERENCED_SOP_INSTANCE_UID = Tag.of(0x00081155);

    public InstanceReferences {
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        referencedUids = Set.copyOf(referencedUids);
    }

    /** Reads the references of the instance whose top-level data set is {@code dataSet}. */
    public static InstanceReferences of(DataSet dataSet) {
        Set<String> found = new LinkedHashSet<>();
        for (DataElement e : dataSet) {
            if (e.isSequence()) {
                for (DataSet item : e.sequence().items()) {
                    collect(item, found);
                }
            }
        }
        String modality = dataSet.getString(MODALITY);
        return new InstanceReferences(require(dataSet, SOP_INSTANCE_UID), require(dataSet, SERIES_INSTANCE_UID),
                modality == null ? "" : modality, found);
    }

    /** Whether this is a radiotherapy object (RTSTRUCT, RTPLAN, RTDOSE, RTIMAGE, RTRECORD...). */
    public boolean isRt() {
        return modality.startsWith("RT");
    }

    private static void collect(DataSet item, Set<String> found) {
        for (DataElement e : item) {
            if (e.isSequence()) {
                for (DataSet nested : e.sequence().items()) {
                    collect(nested, found);
                }
            } else if (e.tag().equals(REFERENCED_SOP_INSTANCE_UID) || e.tag().equals(SERIES_INSTANCE_UID)) {
                for (String uid : item.getStrings(e.tag())) {
                    if (!uid.isBlank()) {
                        found.add(uid.trim());
                    }
                }
            }
        }
    }

    private static String require(DataSet dataSet, Tag tag) {
        String value = dataSet.getString(tag);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The data set has no " + tag);
        }
        return value.trim();
    }
}
