package org.rpb.pacs.staging.job;

import java.util.Arrays;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.rpb.pacs.deident.rules.RuleFileException;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersionNotFoundException;
import org.rpb.pacs.profile.ProfileVersions;
import org.rpb.pacs.secrets.ProjectKeys;
import org.rpb.pacs.secrets.SecretUnreadableException;
import org.rpb.pacs.security.Roles;

/**
 * The profile version a new staging or copy job of the caller's active study keeps: the study's newest
 * one, checked to be usable. Its project key is made here on first use and committed before the job is
 * started, so that the job (another thread, another transaction) finds it instead of making a second one.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class StagingProfiles {

    @EJB
    private ActiveScopeService scopes;

    @Inject
    private ProfileVersions versions;

    @Inject
    private ProjectKeys keys;

    /**
     * @return the active study's newest profile version, 0 for the defaults
     * @throws StagingRefusedException if the caller has no active study, or the profile's rules do not parse or
     *         its key cannot be read
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int currentVersion() throws StagingRefusedException {
        String code;
        try {
            code = scopes.current().study().code();
        } catch (NoActiveScopeException e) {
            throw new StagingRefusedException("the caller has no active study");
        }
        int version = versions.latest(code);
        try {
            ProfileSettings settings = versions.settings(code, version);
            ProfileService.rules(settings, code + " profile version " + version);
            byte[] key = keys.key(code, settings.keyReference());
            Arrays.fill(key, (byte) 0);
        } catch (ProfileVersionNotFoundException | RuleFileException | SecretUnreadableException e) {
            throw new StagingRefusedException("the de-identification profile of " + code + " cannot be used: "
                    + e.getMessage());
        }
        return version;
    }
}
