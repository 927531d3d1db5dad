package org.rpb.pacs.upload;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.rt.ReferenceGraph;

/**
 * What an upload holds: its DICOM instances grouped into studies and series, the RT reference graph
 * between the series, and the files left out. Immutable.
 */
public final class UploadContents {

    private final List<InspectedInstance> instances;
    private final List<IgnoredFile> ignored;
    private final List<UploadedSeries> series;
    private final ReferenceGraph graph;

    UploadContents(List<InspectedInstance> instances, List<IgnoredFile> ignored) {
        this.instances = List.copyOf(instances);
        this.ignored = List.copyOf(ignored);
        this.series = groupSeries(this.instances);
        this.graph = ReferenceGraph.of(this.instances.stream().map(InspectedInstance::references).toList());
    }

    public List<InspectedInstance> instances() {
        return instances;
    }

    public List<IgnoredFile> ignored() {
        return ignored;
    }

    /** Whether some DICOM files are damaged; the user decides to leave them out or to stop. */
    public boolean hasDamagedFiles() {
        return ignored.stream().anyMatch(IgnoredFile::damaged);
    }

    /** The series, grouped by study, in the order of their first file. */
    public List<UploadedSeries> series() {
        return series;
    }

    /** The Study Instance UIDs found. */
    public Set<String> studyInstanceUids() {
        Set<String> uids = new LinkedHashSet<>();
        series.forEach(s -> uids.add(s.studyInstanceUid()));
        return uids;
    }

    /** The references between the series (CT ← RTSTRUCT ← RTPLAN ← RTDOSE). */
    public ReferenceGraph referenceGraph() {
        return graph;
    }

    /**
     * Checks the files against the subject they are uploaded for: one patient only, one study only,
     * sex and birth year consistent with the portal's subject, references of RT objects present.
     * The messages name no patient data of the files, only what differs.
     */
    public List<Finding> check(ExpectedPatient expected) {
        List<Finding> findings = new ArrayList<>();
        if (instances.isEmpty()) {
            findings.add(Finding.block("The upload holds no readable DICOM file."));
            return findings;
        }
        Set<String> patientIds = distinct(HeaderSummary::patientId);
        if (patientIds.size() > 1) {
            findings.add(Finding.block("The files belong to " + patientIds.size()
                    + " different patients (Patient ID). Upload one patient's study at a time."));
        }
        if (studyInstanceUids().size() > 1) {
            findings.add(Finding.block("The files hold " + studyInstanceUids().size()
                    + " studies; an upload slot takes one study. Upload them one at a time."));
        }
        Set<String> sexes = distinct(HeaderSummary::patientSex);
        if (expected.sex() != null && !sexes.isEmpty() && !sexes.equals(Set.of(expected.sex()))) {
            findings.add(Finding.block("Patient's Sex in the files (" + String.join(", ", sexes)
                    + ") differs from the subject's (" + expected.sex() + ")."));
        } else if (sexes.isEmpty()) {
            findings.add(Finding.warn("The files do not state the patient's sex; it cannot be checked."));
        }
        Set<Integer> years = new LinkedHashSet<>();
        for (String date : distinct(HeaderSummary::patientBirthDate)) {
            Integer year = yearOf(date);
            if (year != null) {
                years.add(year);
            }
        }
        if (expected.birthYear() != null && !years.isEmpty() && !years.equals(Set.of(expected.birthYear()))) {
            findings.add(Finding.block("The year of birth in the files differs from the subject's."));
        } else if (years.isEmpty()) {
            findings.add(Finding.warn("The files do not state the patient's birth date; it cannot be checked."));
        }
        Map<String, Set<String>> missing = graph.unresolved(studyInstanceUids());
        if (!missing.isEmpty()) {
            findings.add(Finding.warn(missing.size()
                    + " RT object(s) reference images or objects that are not in the upload."));
        }
        return findings;
    }

    private Set<String> distinct(Function<HeaderSummary, String> value) {
        Set<String> values = new LinkedHashSet<>();
        for (InspectedInstance i : instances) {
            String v = value.apply(i.header());
            if (v != null && !v.isBlank()) {
                values.add(v.trim());
            }
        }
        return values;
    }

    private static Integer yearOf(String da) {
        try {
            return LocalDate.parse(da.trim(), DateTimeFormatter.BASIC_ISO_DATE).getYear();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<UploadedSeries> groupSeries(List<InspectedInstance> instances) {
        Map<String, List<InspectedInstance>> bySeries = new LinkedHashMap<>();
        for (InspectedInstance i : instances) {
            bySeries.computeIfAbsent(i.header().seriesInstanceUid(), k -> new ArrayList<>()).add(i);
        }
        List<UploadedSeries> result = new ArrayList<>();
        bySeries.forEach((uid, list) -> {
            list.sort(Comparator.comparingInt(UploadContents::instanceNumber));
            HeaderSummary first = list.get(0).header();
            result.add(new UploadedSeries(first.studyInstanceUid(), uid,
                    Objects.requireNonNullElse(first.modality(), ""), first.seriesDescription(), list));
        });
        result.sort(Comparator.comparing(UploadedSeries::studyInstanceUid));
        return List.copyOf(result);
    }

    private static int instanceNumber(InspectedInstance i) {
        try {
            return Integer.parseInt(i.header().instanceNumber().trim());
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
