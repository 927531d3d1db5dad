package org.rpb.pacs.api.internal;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;

import org.rpb.pacs.api.PacsStudiesLocal;
import org.rpb.pacs.api.PacsStudiesRemote;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.security.Roles;

/** {@link org.rpb.pacs.api.PacsStudies} on {@link StudyRecordService}. */
@Stateless(name = "PacsStudies")
public class PacsStudiesBean implements PacsStudiesLocal, PacsStudiesRemote {

    @EJB
    private StudyRecordService records;

    @Override
    @RolesAllowed(Roles.PACS_USER)
    public List<StudyRecord> studiesOfSubject(String pid) throws NoActiveScopeException {
        return records.studiesOfSubject(pid);
    }

    @Override
    @RolesAllowed(Roles.PACS_USER)
    public List<StudyRecord> studiesOfEvent(long eventId) throws NoActiveScopeException {
        return records.studiesOfEvent(eventId);
    }
}
