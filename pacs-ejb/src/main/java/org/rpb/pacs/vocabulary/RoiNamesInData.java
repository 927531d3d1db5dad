package org.rpb.pacs.vocabulary;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;

/** Finds the ROI names of a structure set (ROI Name and ROI Observation Label). */
public final class RoiNamesInData {

    private static final Tag STRUCTURE_SET_ROI_SEQUENCE = Tag.of(0x30060020);
    private static final Tag ROI_NAME = Tag.of(0x30060026);
    private static final Tag RT_ROI_OBSERVATIONS_SEQUENCE = Tag.of(0x30060080);
    private static final Tag ROI_OBSERVATION_LABEL = Tag.of(0x30060085);

    private RoiNamesInData() {
    }

    /**
     * @param dataSet an instance's data set (anything but an RT Structure Set gives no names)
     * @return the distinct names in order of appearance
     */
    public static List<String> of(DataSet dataSet) {
        Set<String> names = new LinkedHashSet<>();
        collect(dataSet, STRUCTURE_SET_ROI_SEQUENCE, ROI_NAME, names);
        collect(dataSet, RT_ROI_OBSERVATIONS_SEQUENCE, ROI_OBSERVATION_LABEL, names);
        return List.copyOf(names);
    }

    private static void collect(DataSet ds, Tag sequence, Tag name, Set<String> into) {
        DataElement e = ds.get(sequence);
        if (e == null || !e.isSequence()) {
            return;
        }
        for (DataSet item : e.sequence().items()) {
            String v = item.getString(name);
            if (v != null && !v.isBlank()) {
                into.add(v.trim());
            }
        }
    }
}
