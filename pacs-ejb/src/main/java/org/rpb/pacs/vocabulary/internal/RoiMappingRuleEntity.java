package org.rpb.pacs.vocabulary.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.rpb.pacs.vocabulary.MatchKind;
import org.rpb.pacs.vocabulary.RoiMappingRule;

/** One stored mapping rule of a project. */
@Entity
@Table(name = "roi_mapping_rule")
public class RoiMappingRuleEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "study_code", nullable = false, length = 64)
    private String studyCode;

    @Column(nullable = false)
    private int position;

    @Enumerated(EnumType.STRING)
    @Column(name = "match_kind", nullable = false, length = 16)
    private MatchKind matchKind;

    @Column(name = "site_name", nullable = false)
    private String siteName;

    @Column(name = "standard_name", nullable = false, length = 64)
    private String standardName;

    protected RoiMappingRuleEntity() {
    }

    public RoiMappingRuleEntity(String studyCode, int position, RoiMappingRule rule) {
        this.studyCode = studyCode;
        this.position = position;
        this.matchKind = rule.kind();
        this.siteName = rule.siteName();
        this.standardName = rule.standardName();
    }

    public int getPosition() {
        return position;
    }

    public RoiMappingRule toRule() {
        return new RoiMappingRule(matchKind, siteName, standardName);
    }
}
