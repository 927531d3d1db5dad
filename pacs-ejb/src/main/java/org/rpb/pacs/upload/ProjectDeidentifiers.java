package org.rpb.pacs.upload;


import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.admin.ProfileDraft;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.profile.DeidentifierFactory;
import org.rpb.pacs.profile.DeidentifierUnavailableException;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.secrets.ProjectKeys;
import org.rpb.pacs.security.Roles;

/**
 * The de-identifier of the caller's active project: its current profile version (or the defaults) or a version a
 * job recorded, with the project key from {@link ProjectKeys}. The key stays inside the de-identifier and is wiped here after use.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class ProjectDeidentifiers {

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private ProfileService profiles;

    @Inject
    private DeidentifierFactory factory;

    /**
     * A project's de-identifier and the profile version it follows.
     *
     * @param deidentifier the de-identifier
     * @param version      the profile version, 0 for the defaults
     * @param settings     the settings it was built from
     */
    public record ProjectDeidentifier(Deidentifier deidentifier, int version, ProfileSettings settings) {
    }

    /**
     * @return the active project's de-identifier, following its newest profile version
     * @throws UploadFailedException when the profile's rules do not parse or the key cannot be read
     * @throws NoActiveScopeException when the caller has no study
     */
    public ProjectDeidentifier current() throws UploadFailedException, NoActiveScopeException {
        return build(scopes.dicomScope(), profiles.current().map(ProfileVersion::version).orElse(0));
    }

    /**
     * The de-identifier of one stored profile version of the active project, so that a job confirmed with a
     * version keeps it on every run and retry, whatever was saved since (same key reference, same UIDs).
     *
     * @param version the version the job recorded, 0 for the defaults that apply before any version is saved
     * @return the de-identifier following that version
     * @throws UploadFailedException when the active project has no such version, its rules do not parse or its
     *                               key cannot be read
     * @throws NoActiveScopeException when the caller has no study
     */
    public ProjectDeidentifier forVersion(int version) throws UploadFailedException, NoActiveScopeException {
        return forVersion(scopes.dicomScope(), version);
    }

    /**
     * The de-identifier of one stored profile version of a job's study.
     *
     * @param scope   the job's study and site
     * @param version the version the job recorded, 0 for the defaults
     * @return the de-identifier following that version
     * @throws UploadFailedException when the study has no such version, its rules do not parse or its key cannot be
     *                               read
     */
    public ProjectDeidentifier forVersion(ActiveScope scope, int version) throws UploadFailedException {
        return build(scope, version);
    }

    private ProjectDeidentifier build(ActiveScope scope, int version) throws UploadFailedException {
        try {
            DeidentifierFactory.Version v = factory.version(scope.study().code(), version);
            // no manifest: an upload records the crosswalk's UIDs and each instance's state, never which attribute
            // changed how; the output is byte for byte the same without a keyed hash of every old value per instance
            return new ProjectDeidentifier(factory.deidentifier(v, RoiVocabulary.NONE, 1, false), version,
                    v.settings());
        } catch (DeidentifierUnavailableException e) {
            throw new UploadFailedException(e.getMessage(), e);
        }
    }

    /** @return the active project's profile as the preview takes it (without the key) */
    public ProfileDraft draft() throws NoActiveScopeException {
        ProfileSettings settings = profiles.current().map(ProfileVersion::settings).orElse(ProfileSettings.defaults());
        ProfileDraft.Builder b = ProfileDraft.builder().rulesText(settings.rulesText());
        settings.deidentificationOptions().forEach(b::option);
        return b.build();
    }

}
