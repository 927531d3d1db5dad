package org.rpb.pacs.profile.internal;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.profile.PrivateAttributePolicy;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.profile.SubjectIdentifier;

/** Row of {@code deid_profile_version}; written once, never changed. Options are a comma-separated list. */
@Entity
@Table(name = "deid_profile_version")
public class ProfileVersionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "study_code", nullable = false)
    private String studyCode;
    private int version;
    @Column(nullable = false, length = 2000)
    private String options;
    @Column(name = "rules_text", nullable = false, length = 20000)
    private String rulesText;
    @Enumerated(EnumType.STRING)
    @Column(name = "subject_identifier", nullable = false)
    private SubjectIdentifier subjectIdentifier;
    @Column(name = "trial_sponsor")
    private String trialSponsor;
    @Column(name = "trial_protocol_id")
    private String trialProtocolId;
    @Column(name = "trial_protocol_name")
    private String trialProtocolName;
    @Enumerated(EnumType.STRING)
    @Column(name = "private_policy", nullable = false)
    private PrivateAttributePolicy privatePolicy;
    @Column(name = "key_reference", nullable = false)
    private String keyReference;
    @Column(name = "restored_from")
    private Integer restoredFrom;
    @Column(name = "saved_by", nullable = false)
    private String savedBy;
    @Column(name = "saved_at", nullable = false)
    private LocalDateTime savedAt;

    protected ProfileVersionEntity() {
    }

    public ProfileVersionEntity(String studyCode, int version, ProfileSettings s, Integer restoredFrom,
            String savedBy, LocalDateTime savedAt) {
        this.studyCode = studyCode;
        this.version = version;
        // stored by name, in the order of the enum
        this.options = s.options().stream().sorted().map(Option::name).collect(Collectors.joining(","));
        this.rulesText = s.rulesText();
        this.subjectIdentifier = s.subjectIdentifier();
        this.trialSponsor = s.trialSponsor();
        this.trialProtocolId = s.trialProtocolId();
        this.trialProtocolName = s.trialProtocolName();
        this.privatePolicy = s.privatePolicy();
        this.keyReference = s.keyReference();
        this.restoredFrom = restoredFrom;
        this.savedBy = savedBy;
        this.savedAt = savedAt;
    }

    public ProfileVersion toVersion() {
        Set<Option> opts = options.isEmpty() ? Set.of()
                : Arrays.stream(options.split(",")).map(Option::valueOf).collect(Collectors.toSet());
        return new ProfileVersion(studyCode, version, new ProfileSettings(opts, rulesText, subjectIdentifier,
                trialSponsor, trialProtocolId, trialProtocolName, privatePolicy, keyReference), restoredFrom,
                savedBy, savedAt);
    }
}
