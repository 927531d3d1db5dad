package org.rpb.pacs.web.admin;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.omnifaces.util.Messages;

import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.vocabulary.MatchKind;
import org.rpb.pacs.vocabulary.ProjectVocabulary;
import org.rpb.pacs.vocabulary.RoiMapping;
import org.rpb.pacs.vocabulary.RoiMappingRule;
import org.rpb.pacs.vocabulary.StandardRoiName;
import org.rpb.pacs.vocabulary.StandardRoiNames;
import org.rpb.pacs.vocabulary.VocabularyService;
import org.rpb.pacs.web.message.PageMessages;

/** The RT structure vocabulary of the active study: standard names and the project's mapping rules. */
@Named
@ViewScoped
public class VocabularyPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private VocabularyService vocabularies;

    @Inject
    private ActiveScopeService scopes;

    private String studyCode;
    private String problem;
    private boolean enabled;
    private final List<MappingRow> rows = new ArrayList<>();
    private String tryName;
    private String tryResult;

    @PostConstruct
    void init() {
        try {
            studyCode = scopes.current().study().code();
            load(vocabularies.vocabulary());
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
        }
    }

    private void load(ProjectVocabulary v) {
        enabled = v.enabled();
        rows.clear();
        v.mapping().rules().forEach(r -> rows.add(new MappingRow(r)));
    }

    public void addRow() {
        rows.add(new MappingRow());
    }

    public void removeRow(MappingRow row) {
        rows.remove(row);
    }

    /** Saves the rules when every row is valid; otherwise names each bad row. */
    public void save() {
        List<RoiMappingRule> rules = collect();
        if (rules == null) {
            return;
        }
        StandardRoiNames standard = StandardRoiNames.bundled();
        for (RoiMappingRule r : rules) {
            if (!standard.contains(r.standardName())) {
                Messages.create("Not a standard name")
                        .detail(r.standardName() + " is not in the standard list (saved anyway)").warn().add();
            }
        }
        try {
            load(vocabularies.save(enabled, rules));
        } catch (NoActiveScopeException e) {
            PageMessages.failure("Not saved", e);
            return;
        }
        Messages.create("Vocabulary saved").detail(rules.size() + " rules, " + (enabled ? "used" : "not used")
                + " by de-identification of " + studyCode).add();
    }

    /** Shows what the rules on the page make of a name. */
    public void tryIt() {
        List<RoiMappingRule> rules = collect();
        if (rules == null) {
            return;
        }
        tryResult = RoiMapping.of(rules).standardNameFor(tryName).orElse("no rule matches");
    }

    private List<RoiMappingRule> collect() {
        List<RoiMappingRule> rules = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < rows.size(); i++) {
            try {
                rules.add(rows.get(i).toRule());
            } catch (IllegalArgumentException e) {
                ok = false;
                PageMessages.failure("Rule " + (i + 1) + " refused", e);
            }
        }
        return ok ? rules : null;
    }

    public List<StandardRoiName> getStandardNames() {
        return vocabularies.standardNames();
    }

    public MatchKind[] getKinds() {
        return MatchKind.values();
    }

    public String getStudyCode() {
        return studyCode;
    }

    public String getProblem() {
        return problem;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<MappingRow> getRows() {
        return rows;
    }

    public String getTryName() {
        return tryName;
    }

    public void setTryName(String tryName) {
        this.tryName = tryName;
    }

    public String getTryResult() {
        return tryResult;
    }
}
