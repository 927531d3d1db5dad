package org.rpb.pacs.web.admin;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.primefaces.model.file.UploadedFile;
import org.rpb.pacs.admin.PreviewException;
import org.rpb.pacs.admin.PreviewResult;
import org.rpb.pacs.admin.PreviewSubject;
import org.rpb.pacs.admin.ProfileDraft;
import org.rpb.pacs.admin.ProfilePreviewService;
import org.rpb.pacs.admin.RuleProblem;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.vocabulary.ProjectVocabulary;
import org.rpb.pacs.vocabulary.VocabularyService;

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

    @PostConstruct
    void init() {
        try {
            studyCode = scopes.current().study().code();
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
        }
        for (Option o : Option.values()) {
            options.add(new OptionSwitch(o, false));
        }
        List<String> demos = previews.demoSamples();
        demoSample = demos.isEmpty() ? null : demos.get(0);
        if (studyCode != null) {
            vocabularyEnabled = vocabularies.vocabulary(studyCode).enabled();
        }
    }

    /** Checks the rules and shows each problem with its line. */
    public void validate() {
        ruleProblems = previews.validateRules(rulesText);
        if (ruleProblems.isEmpty()) {
            message(FacesMessage.SEVERITY_INFO, "Rules are valid", null);
        } else {
            for (RuleProblem p : ruleProblems) {
                message(FacesMessage.SEVERITY_ERROR, "Rules refused", p.toString());
            }
        }
    }

    /** Previews the chosen demo sample. */
    public void previewDemo() {
        if (demoSample == null) {
            message(FacesMessage.SEVERITY_ERROR, "No demo sample on this server",
                    "install python3-pydicom or upload a sample");
            return;
        }
        run(demoSample, () -> previews.previewDemo(demoSample, draft(), subject()));
    }

    /** Previews the uploaded sample. */
    public void previewUpload() {
        if (upload == null || upload.getSize() == 0) {
            message(FacesMessage.SEVERITY_ERROR, "No sample uploaded", "choose a DICOM file first");
            return;
        }
        UploadedFile u = upload;
        run(u.getFileName(), () -> previews.previewUpload(u.getFileName(), u.getContent(), draft(), subject()));
    }

    private interface PreviewCall {
        PreviewResult call() throws PreviewException;
    }

    private void run(String sample, PreviewCall call) {
        ruleProblems = previews.validateRules(rulesText);
        if (!ruleProblems.isEmpty()) {
            result = null;
            for (RuleProblem p : ruleProblems) {
                message(FacesMessage.SEVERITY_ERROR, "Rules refused", p.toString());
            }
            return;
        }
        try {
            result = call.call();
            sampleShown = sample;
        } catch (PreviewException | IllegalArgumentException e) {
            result = null;
            message(FacesMessage.SEVERITY_ERROR, "Preview failed", e.getMessage());
        }
    }

    /** @return the draft as the page shows it */
    ProfileDraft draft() {
        Set<Option> on = EnumSet.noneOf(Option.class);
        options.stream().filter(OptionSwitch::isOn).forEach(s -> on.add(s.getOption()));
        ProjectVocabulary v = studyCode == null ? null : vocabularies.vocabulary(studyCode);
        return ProfileDraft.builder().options(on).rulesText(rulesText)
                .vocabulary(v == null ? null : v.mapping(), vocabularyEnabled).build();
    }

    private PreviewSubject subject() {
        return new PreviewSubject(pseudonym, "RPB", studyCode, null, pseudonym, null);
    }

    private static void message(FacesMessage.Severity s, String summary, String detail) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(s, summary, detail));
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
