package org.rpb.pacs.deident;

import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;

/**
 * Writes the caller's identity after the profile: Patient's Name and Patient ID, and the Clinical Trial
 * Subject and Time Point attributes (0012,xxxx) when the context names a trial or a time point.
 */
final class TrialIdentityWriter {

    private final ElementEditor editor;

    TrialIdentityWriter(ElementEditor editor) {
        this.editor = editor;
    }

    void write(DataSet ds, SubjectContext ctx) throws DeidentificationException {
        editor.put(ds, Tags.PatientName, VR.PN, ctx.patientName());
        editor.put(ds, Tags.PatientID, VR.LO, ctx.patientId());
        boolean trial = ctx.sponsor() != null || ctx.protocolId() != null || ctx.subjectId() != null
                || ctx.siteId() != null;
        if (trial) {
            editor.put(ds, Tags.ClinicalTrialSponsorName, VR.LO, nz(ctx.sponsor()));
            editor.put(ds, Tags.ClinicalTrialProtocolID, VR.LO, nz(ctx.protocolId()));
            editor.put(ds, Tags.ClinicalTrialProtocolName, VR.LO, nz(ctx.protocolName()));
            editor.put(ds, Tags.ClinicalTrialSiteID, VR.LO, nz(ctx.siteId()));
            editor.put(ds, Tags.ClinicalTrialSiteName, VR.LO, nz(ctx.siteName()));
            if (ctx.subjectId() != null) {
                editor.put(ds, Tags.ClinicalTrialSubjectID, VR.LO, ctx.subjectId());
            }
        }
        if (ctx.timePointId() != null) {
            editor.put(ds, Tags.ClinicalTrialTimePointID, VR.LO, ctx.timePointId());
            if (ctx.timePointDescription() != null) {
                editor.put(ds, Tags.ClinicalTrialTimePointDescription, VR.ST, ctx.timePointDescription());
            }
        }
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
