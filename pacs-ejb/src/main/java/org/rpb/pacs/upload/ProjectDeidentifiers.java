package org.rpb.pacs.upload;

import java.util.Arrays;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.admin.ProfileDraft;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.rules.RuleFileException;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.profile.ProfileVersionNotFoundException;
import org.rpb.pacs.secrets.ProjectKeys;
import org.rpb.pacs.secrets.SecretUnreadableException;
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
    private ProjectKeys keys;

    @Inject
    private org.rpb.pacs.profile.ProfileVersions versions;

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
        var current = profiles.current();
        return build(scopes.dicomScope(), current.map(ProfileVersion::settings).orElse(ProfileSettings.defaults()),
                current.map(ProfileVersion::version).orElse(0));
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
        if (version == 0) {
            return build(scope, ProfileSettings.defaults(), 0);
        }
        ProfileSettings settings;
        try {
            settings = versions.settings(scope.study().code(), version);
        } catch (ProfileVersionNotFoundException e) {
            throw new UploadFailedException("profile version " + version + " of " + scope.study().code()
                    + " does not exist");
        }
        return build(scope, settings, version);
    }

    private ProjectDeidentifier build(ActiveScope scope, ProfileSettings settings, int version)
            throws UploadFailedException {
        Rules rules;
        try {
            rules = settings.rulesText().isBlank() ? Rules.NONE
                    : Rules.parse(settings.rulesText(), scope.study().code() + " profile version " + version);
        } catch (RuleFileException e) {
            throw new UploadFailedException("the project's de-identification rules do not parse: " + e.getMessage(), e);
        }
        byte[] key;
        try {
            key = keys.key(scope.study().code(), settings.keyReference());
        } catch (SecretUnreadableException e) {
            throw new UploadFailedException("the project key cannot be read: " + e.getMessage(), e);
        }
        try {
            return new ProjectDeidentifier(Deidentifier.builder().profile(settings.profile()).key(key).rules(rules)
                    .threads(1).build(), version, settings);
        } finally {
            Arrays.fill(key, (byte) 0);
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
