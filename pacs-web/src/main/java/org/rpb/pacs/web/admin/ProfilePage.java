package org.rpb.pacs.web.admin;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.omnifaces.util.Messages;

import org.primefaces.model.file.UploadedFile;
import org.rpb.pacs.admin.PreviewException;
import org.rpb.pacs.admin.PreviewResult;
import org.rpb.pacs.admin.PreviewSubject;
import org.rpb.pacs.admin.ProfileDraft;
import org.rpb.pacs.admin.ProfilePreviewService;
import org.rpb.pacs.admin.RuleProblem;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.profile.InvalidProfileException;
import org.rpb.pacs.profile.PrivateAttributePolicy;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.profile.ProfileVersionNotFoundException;
import org.rpb.pacs.profile.SubjectIdentifier;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.vocabulary.ProjectVocabulary;
import org.rpb.pacs.vocabulary.VocabularyService;
import org.rpb.pacs.web.message.PageMessages;

/**
 * The de-identification profile of the active study being edited, with the live preview: options, rules (checked
 * with line and reason), vocabulary switch, and before → after of a sample with the leak scanner's verdict.
 */
@Named
@ViewScoped
public class ProfilePage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private ProfilePreviewService previews;

    @Inject
    private VocabularyService vocabularies;

    @Inject
    private ActiveScopeService scopes;

    @Inject
    private ProfileService profiles;

    private String studyCode;
    private String problem;
    private final List<OptionSwitch> options = new ArrayList<>();
    private String rulesText = "";
    private boolean vocabularyEnabled;
    private String pseudonym = "PREVIEW-0001";
    private String demoSample;
    private transient UploadedFile upload;
    private List<RuleProblem> ruleProblems = List.of();
    private PreviewResult result;
    private String sampleShown;
    private SubjectIdentifier subjectIdentifier = SubjectIdentifier.PID;
    private String trialSponsor;
    private String trialProtocolId;
    private String trialProtocolName;
    private PrivateAttributePolicy privatePolicy = PrivateAttributePolicy.REMOVE_ALL;
    private String keyReference = ProfileSettings.defaults().keyReference();
    private List<ProfileVersion> versions = List.of();
    private boolean rotationUnderstood;

    @PostConstruct
    void init() {
        try {
            studyCode = scopes.current().study().code();
            vocabularyEnabled = vocabularies.vocabulary().enabled();
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
            studyCode = null;
        }
        List<String> demos = previews.demoSamples();
        demoSample = demos.isEmpty() ? null : demos.get(0);
        if (studyCode != null) {
            reload();
        }
    }

    /** Shows the newest saved version (or the defaults) and the version list. */
    private void reload() {
        try {
            ProfileSettings s = profiles.current().map(ProfileVersion::settings).orElse(ProfileSettings.defaults());
            show(s);
            versions = profiles.versions();
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
        }
    }

    private void show(ProfileSettings s) {
        options.clear();
        for (Option o : Option.values()) {
            // the safe-private option is the private-attribute policy below
            if (o != Option.RETAIN_SAFE_PRIVATE) {
                options.add(new OptionSwitch(o, s.options().contains(o)));
            }
        }
        rulesText = s.rulesText();
        subjectIdentifier = s.subjectIdentifier();
        trialSponsor = s.trialSponsor();
        trialProtocolId = s.trialProtocolId();
        trialProtocolName = s.trialProtocolName();
        privatePolicy = s.privatePolicy();
        keyReference = s.keyReference();
    }

    private ProfileSettings settings(String withKeyReference) {
        Set<Option> on = EnumSet.noneOf(Option.class);
        options.stream().filter(OptionSwitch::isOn).forEach(o -> on.add(o.getOption()));
        return new ProfileSettings(on, rulesText, subjectIdentifier, blankToNull(trialSponsor),
                blankToNull(trialProtocolId), blankToNull(trialProtocolName), privatePolicy, withKeyReference);
    }

    /** Saves the page as a new version, after the rules pass (otherwise each problem is shown with its line). */
    public void save() {
        store(keyReference, "saved");
    }

    /**
     * Saves the page as a new version with a new project key. Only when the administrator has confirmed that new
     * copies will not link to copies made with the old key.
     */
    public void rotateKey() {
        if (!rotationUnderstood) {
            Messages.create("Key not rotated")
                    .detail("confirm that new copies will not link to copies made with the current key").error().add();
            return;
        }
        int next = versions.isEmpty() ? 1 : versions.get(0).version() + 1;
        store("key-v" + next, "saved with a new project key");
        rotationUnderstood = false;
    }

    private void store(String withKeyReference, String what) {
        if (!rulesValid("Rules refused, profile not saved")) {
            return;
        }
        try {
            ProfileVersion v = profiles.save(settings(withKeyReference));
            reload();
            Messages.create("Version " + v.version() + " " + what).add();
        } catch (InvalidProfileException | IllegalArgumentException e) {
            PageMessages.failure("Profile not saved", e);
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
        }
    }

    /** Makes an old version current again, as a new version. */
    public void restore(int version) {
        try {
            ProfileVersion v = profiles.restore(version);
            reload();
            Messages.create("Version " + version + " restored as version " + v.version()).add();
        } catch (ProfileVersionNotFoundException e) {
            PageMessages.failure("Not restored", e);
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
        }
    }

    /** @return whether the version uses another key than the version saved before it */
    public boolean keyRotatedIn(ProfileVersion v) {
        int i = versions.indexOf(v);
        return i >= 0 && i + 1 < versions.size()
                && !versions.get(i + 1).settings().keyReference().equals(v.settings().keyReference());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Checks the rules and shows each problem with its line. */
    public void validate() {
        if (rulesValid("Rules refused")) {
            Messages.addGlobalInfo("Rules are valid");
        }
    }

    /** Previews the chosen demo sample. */
    public void previewDemo() {
        if (demoSample == null) {
            Messages.create("No demo sample on this server").detail("install python3-pydicom or upload a sample")
                    .error().add();
            return;
        }
        run(demoSample, () -> previews.previewDemo(demoSample, draft(), subject()));
    }

    /** Previews the uploaded sample. */
    public void previewUpload() {
        if (upload == null || upload.getSize() == 0) {
            Messages.create("No sample uploaded").detail("choose a DICOM file first").error().add();
            return;
        }
        UploadedFile u = upload;
        run(u.getFileName(), () -> previews.previewUpload(u.getFileName(), u.getContent(), draft(), subject()));
    }

    private interface PreviewCall {
        PreviewResult call() throws PreviewException;
    }

    private void run(String sample, PreviewCall call) {
        if (!rulesValid("Rules refused")) {
            result = null;
            return;
        }
        try {
            result = call.call();
            sampleShown = sample;
        } catch (PreviewException | IllegalArgumentException e) {
            result = null;
            PageMessages.failure("Preview failed", e);
        }
    }

    /**
     * Checks the rules on the page and shows each problem with its line.
     *
     * @param refused the first line of each problem's message
     * @return whether the rules are valid
     */
    private boolean rulesValid(String refused) {
        ruleProblems = previews.validateRules(rulesText);
        for (RuleProblem p : ruleProblems) {
            Messages.create(refused).detail(p.toString()).error().add();
        }
        return ruleProblems.isEmpty();
    }

    /** @return the draft as the page shows it */
    ProfileDraft draft() {
        Set<Option> on = EnumSet.noneOf(Option.class);
        options.stream().filter(OptionSwitch::isOn).forEach(s -> on.add(s.getOption()));
        if (privatePolicy == PrivateAttributePolicy.RETAIN_SAFE) {
            on.add(Option.RETAIN_SAFE_PRIVATE);
        }
        ProjectVocabulary v = vocabulary();
        return ProfileDraft.builder().options(on).rulesText(rulesText)
                .vocabulary(v == null ? null : v.mapping(), vocabularyEnabled).build();
    }

    /** The active study's vocabulary, or null when the caller has none. */
    private ProjectVocabulary vocabulary() {
        try {
            return studyCode == null ? null : vocabularies.vocabulary();
        } catch (NoActiveScopeException e) {
            return null;
        }
    }

    private PreviewSubject subject() {
        return new PreviewSubject(pseudonym, blankToNull(trialSponsor),
                trialProtocolId == null || trialProtocolId.isBlank() ? studyCode : trialProtocolId.trim(),
                null, pseudonym, null);
    }

    public SubjectIdentifier[] getSubjectIdentifiers() {
        return SubjectIdentifier.values();
    }

    public PrivateAttributePolicy[] getPrivatePolicies() {
        return PrivateAttributePolicy.values();
    }

    public SubjectIdentifier getSubjectIdentifier() {
        return subjectIdentifier;
    }

    public void setSubjectIdentifier(SubjectIdentifier subjectIdentifier) {
        this.subjectIdentifier = subjectIdentifier;
    }

    public String getTrialSponsor() {
        return trialSponsor;
    }

    public void setTrialSponsor(String trialSponsor) {
        this.trialSponsor = trialSponsor;
    }

    public String getTrialProtocolId() {
        return trialProtocolId;
    }

    public void setTrialProtocolId(String trialProtocolId) {
        this.trialProtocolId = trialProtocolId;
    }

    public String getTrialProtocolName() {
        return trialProtocolName;
    }

    public void setTrialProtocolName(String trialProtocolName) {
        this.trialProtocolName = trialProtocolName;
    }

    public PrivateAttributePolicy getPrivatePolicy() {
        return privatePolicy;
    }

    public void setPrivatePolicy(PrivateAttributePolicy privatePolicy) {
        this.privatePolicy = privatePolicy;
    }

    public List<ProfileVersion> getVersions() {
        return versions;
    }

    public boolean isRotationUnderstood() {
        return rotationUnderstood;
    }

    public void setRotationUnderstood(boolean rotationUnderstood) {
        this.rotationUnderstood = rotationUnderstood;
    }

    public String getStudyCode() {
        return studyCode;
    }

    public String getProblem() {
        return problem;
    }

    public List<OptionSwitch> getOptions() {
        return options;
    }

    public String getRulesText() {
        return rulesText;
    }

    public void setRulesText(String rulesText) {
        this.rulesText = rulesText;
    }

    public boolean isVocabularyEnabled() {
        return vocabularyEnabled;
    }

    public void setVocabularyEnabled(boolean vocabularyEnabled) {
        this.vocabularyEnabled = vocabularyEnabled;
    }

    public String getPseudonym() {
        return pseudonym;
    }

    public void setPseudonym(String pseudonym) {
        this.pseudonym = pseudonym;
    }

    public List<String> getDemoSamples() {
        return previews.demoSamples();
    }

    public String getDemoSample() {
        return demoSample;
    }

    public void setDemoSample(String demoSample) {
        this.demoSample = demoSample;
    }

    public UploadedFile getUpload() {
        return upload;
    }

    public void setUpload(UploadedFile upload) {
        this.upload = upload;
    }

    public List<RuleProblem> getRuleProblems() {
        return ruleProblems;
    }

    public PreviewResult getResult() {
        return result;
    }

    public String getSampleShown() {
        return sampleShown;
    }
}
