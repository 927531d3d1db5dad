package org.rpb.pacs.dicomweb;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditLog;
import org.rpb.pacs.node.NodeRole;
import org.rpb.pacs.node.PacsNodeService;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.ScopedStudyRecords;
import org.rpb.pacs.security.Roles;

/**
 * Scope, roles and audit of the module's DICOMweb service. A caller sees the studies the module recorded in their
 * active study and site, or in an explicit study and site open to them (for scripts), and within those only the
 * recorded series. Everything else, including a missing role, is reported as {@link NotInScopeException} so that
 * the HTTP layer answers 404 and a UID's existence is never confirmed.
 *
 * <p>The research PACS' DICOMweb root is the system property {@code pacs.research.dicomweb} when set, else the
 * DICOMweb URL of the research node an administrator configured, else {@code http://127.0.0.1:28042/dicom-web}
 * (the demo's research Orthanc).
 */
@Stateless
@RolesAllowed(Roles.PACS_USER)
public class DicomWebAccessService {

    /** The research PACS' DICOMweb root when neither the property nor a configured node names one. */
    public static final String DEFAULT_RESEARCH_DICOMWEB = "http://127.0.0.1:28042/dicom-web";

    @Resource
    private SessionContext session;

    @Inject
    private ScopedStudyRecords records;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private PacsNodeService nodes;

    @Inject
    private AuditLog audit;

    /**
     * The recorded studies a caller may query.
     *
     * @param studyCode an explicit study, or {@code null} for the active one
     * @param siteCode  an explicit site (with {@code studyCode}), or {@code null}
     * @return the scope with its recorded studies
     * @throws NotInScopeException when the explicit study and site are not open to the caller, only one of them is
     *                             given, the study collects no DICOM data or the caller has no study at all
     */
    public DicomWebScope scope(String studyCode, String siteCode) throws NotInScopeException {
        ActiveScope scope = resolve(studyCode, siteCode);
        // a study recorded twice in one scope (e.g. a later copy that added series) is one study with all its series
        Map<String, String> pids = new LinkedHashMap<>();
        Map<String, Set<String>> series = new LinkedHashMap<>();
        for (StudyRecord r : records.all(scope)) {
            pids.putIfAbsent(r.studyInstanceUid(), r.pid());
            Set<String> s = series.computeIfAbsent(r.studyInstanceUid(), k -> new LinkedHashSet<>());
            r.series().forEach(x -> s.add(x.seriesInstanceUid()));
        }
        List<ScopedStudy> studies = pids.entrySet().stream()
                .map(p -> new ScopedStudy(p.getKey(), p.getValue(), series.get(p.getKey()))).toList();
        return new DicomWebScope(scope, studies, researchUrl());
    }

    /**
     * Checks a retrieve against scope and role and audits it (PID and UIDs) before any byte is sent.
     *
     * @param studyCode   an explicit study, or {@code null} for the active one
     * @param siteCode    an explicit site, or {@code null}
     * @param kind        what is retrieved
     * @param studyUid    the study
     * @param seriesUid   the series, or {@code null} for the whole study
     * @param instanceUid the instance, or {@code null}
     * @return the scope (the caller needs its research URL and, for a whole study, its recorded series)
     * @throws NotInScopeException when the study or series is not recorded in the scope or the caller lacks the
     *                             role the kind needs
     */
    public DicomWebScope retrieve(String studyCode, String siteCode, RetrieveKind kind, String studyUid,
            String seriesUid, String instanceUid) throws NotInScopeException {
        if (kind.needsDownload() && !session.isCallerInRole(Roles.PACS_DOWNLOAD)) {
            throw new NotInScopeException("Study");
        }
        DicomWebScope scope = scope(studyCode, siteCode);
        ScopedStudy study = scope.study(studyUid).orElseThrow(() -> new NotInScopeException("Study"));
        if (seriesUid != null && !study.seriesUids().contains(seriesUid)) {
            throw new NotInScopeException("Series");
        }
        if (kind.audited()) {
            audit.record(session.getCallerPrincipal().getName(), AuditAction.DOWNLOAD, scope.scope(), study.pid(),
                    studyUid, seriesUid, "DICOMweb " + kind.name().toLowerCase(java.util.Locale.ROOT)
                            + (instanceUid == null ? "" : " of instance " + instanceUid));
        }
        return scope;
    }

    private ActiveScope resolve(String studyCode, String siteCode) throws NotInScopeException {
        try {
            if (studyCode == null && siteCode == null) {
                return scopes.dicomScope();
            }
            if (studyCode == null || siteCode == null) {
                throw new NotInScopeException("Study and site (give both)");
            }
            ActiveScope s = scopes.choices().stream().filter(c -> c.is(studyCode, siteCode)).findFirst()
                    .orElseThrow(() -> new NotInScopeException("Study " + studyCode + " at site " + siteCode));
            if (!s.study().dicomEnabled()) {
                throw new NotInScopeException("Study " + studyCode + " with DICOM data");
            }
            return s;
        } catch (NoActiveScopeException e) {
            throw new NotInScopeException("Active study");
        } catch (org.rpb.pacs.portal.DicomNotEnabledException e) {
            throw new NotInScopeException("Active study with DICOM data");
        }
    }

    private URI researchUrl() {
        String property = System.getProperty("pacs.research.dicomweb");
        String url = property != null && !property.isBlank() ? property.trim()
                : nodes.node(NodeRole.RESEARCH).map(n -> n.dicomwebUrl()).filter(u -> u != null && !u.isBlank())
                        .orElse(DEFAULT_RESEARCH_DICOMWEB);
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
}
