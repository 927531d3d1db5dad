package org.rpb.pacs.profile;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;

/**
 * What an administrator edits in a project's de-identification profile.
 *
 * @param options           pacs-deident's PS3.15 options the administrator switched on (Retain Safe Private is
 *                          the private-attribute policy, and is added by {@link #deidentificationOptions()})
 * @param rulesText         custom rules in pacs-deident's rule file format (JSON); empty for none
 * @param subjectIdentifier what PatientID/PatientName become
 * @param trialSponsor      Clinical Trial Sponsor Name, or {@code null}
 * @param trialProtocolId   Clinical Trial Protocol ID, or {@code null}
 * @param trialProtocolName Clinical Trial Protocol Name, or {@code null}
 * @param privatePolicy     what happens to private attributes
 * @param keyReference      which project key the profile uses (letters, digits, {@code -_}, 1-32)
 */
public record ProfileSettings(Set<Option> options, String rulesText, SubjectIdentifier subjectIdentifier,
        String trialSponsor, String trialProtocolId, String trialProtocolName, PrivateAttributePolicy privatePolicy,
        String keyReference) implements Serializable {

    public ProfileSettings {
        options = options.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(options));
        rulesText = rulesText == null ? "" : rulesText;
        Objects.requireNonNull(subjectIdentifier, "subjectIdentifier");
        Objects.requireNonNull(privatePolicy, "privatePolicy");
        if (keyReference == null || !keyReference.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("keyReference must be 1-32 letters, digits, '-' or '_'");
        }
        if (rulesText.length() > 20000) {
            throw new IllegalArgumentException("rulesText must be at most 20000 characters");
        }
    }

    /** The profile a project gets before an administrator saves one: the basic profile, PID, no rules. */
    public static ProfileSettings defaults() {
        return new ProfileSettings(Set.of(), "", SubjectIdentifier.PID, null, null, null,
                PrivateAttributePolicy.REMOVE_ALL, "default");
    }

    /**
     * @return the pacs-deident options these settings apply on top of the basic profile: the chosen ones, and
     *         Retain Safe Private under the private policy {@link PrivateAttributePolicy#RETAIN_SAFE}
     */
    public Set<Option> deidentificationOptions() {
        Set<Option> set = EnumSet.noneOf(Option.class);
        set.addAll(options);
        if (privatePolicy == PrivateAttributePolicy.RETAIN_SAFE) {
            set.add(Option.RETAIN_SAFE_PRIVATE);
        }
        return set;
    }

    /** @return the basic profile with {@link #deidentificationOptions()} */
    public Profile profile() {
        Profile profile = Profile.basic();
        for (Option o : deidentificationOptions()) {
            profile = profile.with(o);
        }
        return profile;
    }
}
