package org.rpb.pacs.deident;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.deident.dates.DateShifter;
import org.rpb.pacs.deident.profile.TextCleaner;

/** What the parts of the work on one instance share about it: read before the walk changes the data set. */
final class InstanceState {

    private final String name;
    private final String sopClass;
    private final String modality;
    private final DataSet originalTop;
    private final DateShifter shifter;
    private final List<String> ownIdentifiers;
    private final Map<String, String> templateValues;
    private final List<Path> temporaryFiles = new ArrayList<>();
    private TextCleaner cleaner;
    private boolean masked;

    /**
     * @param name the instance's name for messages
     * @param sopClass its SOP Class UID, or null
     * @param modality its modality, or null
     * @param originalTop its top level before the walk (the data set itself when no rule needs the original)
     * @param shifter the date shifter of its patient
     * @param ownIdentifiers its own identifiers (names, IDs), which clean text must not keep
     * @param templateValues the values rule templates can use
     */
    InstanceState(String name, String sopClass, String modality, DataSet originalTop, DateShifter shifter,
            List<String> ownIdentifiers, Map<String, String> templateValues) {
        this.name = name;
        this.sopClass = sopClass;
        this.modality = modality;
        this.originalTop = originalTop;
        this.shifter = shifter;
        this.ownIdentifiers = ownIdentifiers;
        this.templateValues = templateValues;
    }

    String sopClass() {
        return sopClass;
    }

    String modality() {
        return modality;
    }

    DataSet originalTop() {
        return originalTop;
    }

    DateShifter shifter() {
        return shifter;
    }

    Map<String, String> templateValues() {
        return templateValues;
    }

    /** Files (masked pixel data) to delete once the instance is written or given up. */
    List<Path> temporaryFiles() {
        return temporaryFiles;
    }

    /** @return the cleaner of free text, built on first use for this instance's identifiers */
    TextCleaner cleaner() {
        if (cleaner == null) {
            cleaner = TextCleaner.forIdentifiers(ownIdentifiers);
        }
        return cleaner;
    }

    boolean masked() {
        return masked;
    }

    void masked(boolean m) {
        masked = m;
    }

    /** @return an attribute of the original top level, trimmed, or null */
    String originalText(int tag) {
        return ElementEditor.text(originalTop, Tag.of(tag));
    }

    /** @return the refusal of this instance for a reason */
    DeidentificationException refuse(String reason) {
        return new DeidentificationException(name + ": " + reason);
    }
}
