package org.rpb.pacs.web.admin;

import java.io.Serializable;

import org.rpb.pacs.vocabulary.MatchKind;
import org.rpb.pacs.vocabulary.RoiMappingRule;

/** A mapping rule as a row being edited. Mutable: bound to the page. */
public final class MappingRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private MatchKind kind = MatchKind.IGNORE_CASE;
    private String siteName;
    private String standardName;

    MappingRow() {
    }

    MappingRow(RoiMappingRule r) {
        this.kind = r.kind();
        this.siteName = r.siteName();
        this.standardName = r.standardName();
    }

    /** @throws IllegalArgumentException naming what is wrong */
    RoiMappingRule toRule() {
        return new RoiMappingRule(kind, siteName, standardName == null ? null : standardName.trim());
    }

    public MatchKind getKind() {
        return kind;
    }

    public void setKind(MatchKind kind) {
        this.kind = kind;
    }

    public String getSiteName() {
        return siteName;
    }

    public void setSiteName(String siteName) {
        this.siteName = siteName;
    }

    public String getStandardName() {
        return standardName;
    }

    public void setStandardName(String standardName) {
        this.standardName = standardName;
    }
}
