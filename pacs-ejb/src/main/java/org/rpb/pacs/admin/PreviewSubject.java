package org.rpb.pacs.admin;

import java.io.Serializable;
import java.util.Objects;

import org.rpb.pacs.deident.SubjectContext;

/**
 * The made-up subject a preview writes into the sample: the pseudonym that replaces Patient's Name and ID (the
 * PID or the Study Subject ID, as the profile chooses) and the Clinical Trial attributes. Never a real patient.
 *
 * @param pseudonym  written as Patient's Name and Patient ID
 * @param sponsor    Clinical Trial Sponsor Name, or null
 * @param protocolId Clinical Trial Protocol ID, or null
 * @param siteId     Clinical Trial Site ID, or null
 * @param subjectId  Clinical Trial Subject ID, or null
 * @param timePoint  Clinical Trial Time Point ID, or null
 */
public record PreviewSubject(String pseudonym, String sponsor, String protocolId, String siteId, String subjectId,
        String timePoint) implements Serializable {

    /** Checks that the pseudonym is given. */
    public PreviewSubject {
        Objects.requireNonNull(pseudonym, "pseudonym");
        if (pseudonym.isBlank()) {
            throw new IllegalArgumentException("the preview pseudonym is empty");
        }
    }

    /** @return pacs-deident's subject context for these values */
    public SubjectContext toContext() {
        SubjectContext.Builder b = SubjectContext.builder(pseudonym, pseudonym);
        if (sponsor != null && !sponsor.isBlank()) {
            b.trialSponsor(sponsor);
        }
        if (protocolId != null && !protocolId.isBlank()) {
            b.trialProtocolId(protocolId).studyCode(protocolId);
        }
        if (siteId != null && !siteId.isBlank()) {
            b.trialSiteId(siteId);
        }
        if (subjectId != null && !subjectId.isBlank()) {
            b.trialSubjectId(subjectId);
        }
        if (timePoint != null && !timePoint.isBlank()) {
            b.trialTimePoint(timePoint);
        }
        return b.build();
    }
}
