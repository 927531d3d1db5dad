package org.rpb.pacs.api.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.api.DeidentificationFailedException;
import org.rpb.pacs.api.DeidentificationRequest;
import org.rpb.pacs.api.DeidentificationResult;
import org.rpb.pacs.api.PacsDeidentificationLocal;
import org.rpb.pacs.api.PacsDeidentificationRemote;
import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditLog;
import org.rpb.pacs.deident.BatchResult;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.InstanceResult;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.spi.PortalStudyData;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.profile.DeidentifierFactory;
import org.rpb.pacs.profile.DeidentifierUnavailableException;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.secrets.ProjectKeys;
import org.rpb.pacs.security.Roles;

/**
 * {@link org.rpb.pacs.api.PacsDeidentification} with pacs-deident's {@link Deidentifier}: the active study's
 * current profile version (or the defaults), its project key from {@link ProjectKeys}, and the subject's
 * identifier and Clinical Trial attributes.
 */
@Stateless(name = "PacsDeidentification")
public class PacsDeidentificationBean implements PacsDeidentificationLocal, PacsDeidentificationRemote {

    @Resource
    private SessionContext session;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private ProfileService profiles;

    @Inject
    private PortalStudyData portal;

    @Inject
    private DeidentifierFactory factory;

    @Inject
    private AuditLog audit;

    @Override
    @RolesAllowed(Roles.PACS_UPLOAD)
    public DeidentificationResult deidentify(DeidentificationRequest request)
            throws NoActiveScopeException, NotInScopeException, DeidentificationFailedException {
        ActiveScope scope = scopes.dicomScope();
        String study = scope.study().code();
        Subject subject = portal.subject(study, scope.site().code(), request.pid())
                .orElseThrow(() -> new NotInScopeException("Subject"));
        // the files must be the subject's: the hospital patient ID the portal knows, if it knows one
        String expected = request.expectedPatientId().trim();
        if (subject.his().filter(his -> !his.trim().equals(expected)).isPresent()) {
            throw new DeidentificationFailedException("The expected patient ID is not the subject's hospital patient "
                    + "ID.");
        }
        // the paths first: nothing is read or made for a request outside the study and site's exchange folder
        ExchangeFolder exchange = ExchangeFolder.configured(study, scope.site().code());
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < request.inputFiles().size(); i++) {
            inputs.add(exchange.input(request.inputFiles().get(i), i));
        }
        Path output = exchange.output(request.outputDirectory());
        int version = profiles.current().map(ProfileVersion::version).orElse(0);
        Deidentifier deidentifier;
        DeidentifierFactory.Version v;
        try {
            v = factory.version(study, version);
            deidentifier = factory.deidentifier(v, RoiVocabulary.NONE, 0);
        } catch (DeidentifierUnavailableException e) {
            throw new DeidentificationFailedException(e.getMessage());
        }
        SubjectContext.Builder ctx = DeidentifierFactory.subject(v.settings(), study, scope.study().name(),
                scope.site().code(), subject, false);
        ctx.expectedPatientId(expected);
        if (request.timePoint() != null) {
            ctx.trialTimePoint(request.timePoint());
        }
        BatchResult result;
        try {
            result = deidentifier.deidentifyAll(inputs, output, ctx.build(), null);
        } catch (IOException e) {
            throw new DeidentificationFailedException("Cannot write to the output folder: "
                    + e.getClass().getSimpleName());
        }
        List<String> outputs = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (InstanceResult r : result.instances()) {
            if (r.done()) {
                outputs.add(r.output().toString());
            } else {
                refusals.add(refusal(r, inputs));
            }
        }
        audit.record(session.getCallerPrincipal().getName(), AuditAction.DEIDENTIFY, scope, subject.pid(), null,
                null, outputs.size() + " files de-identified, " + refusals.size() + " refused, profile version "
                        + version);
        return new DeidentificationResult(version, outputs, refusals);
    }

    @Override
    @RolesAllowed(Roles.PACS_UPLOAD)
    public String exchangeFolder() throws NoActiveScopeException, DeidentificationFailedException {
        ActiveScope scope = scopes.dicomScope();
        return ExchangeFolder.configured(scope.study().code(), scope.site().code()).studyFolder().toString();
    }

    /** A refusal by the file's position in the request, not its name (a file name may carry a patient's name). */
    private static String refusal(InstanceResult r, List<Path> inputs) {
        String reason = r.refusal();
        for (String prefix : List.of(r.source().toString() + ": ", r.source().getFileName() + ": ")) {
            if (reason.startsWith(prefix)) {
                reason = reason.substring(prefix.length());
                break;
            }
        }
        return "Input file " + (inputs.indexOf(r.source()) + 1) + ": " + reason;
    }
}
