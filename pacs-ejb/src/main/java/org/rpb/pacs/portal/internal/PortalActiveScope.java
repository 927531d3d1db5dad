package org.rpb.pacs.portal.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.rpb.pacs.portal.ActiveScope;

/** The study and site a user has chosen to work in; kept across sessions. */
@Entity
@Table(name = "portal_active_scope")
public class PortalActiveScope {

    @Id
    @Column(name = "user_name", length = 128)
    private String userName;

    @ManyToOne(optional = false)
    @JoinColumn(name = "study_id")
    private PortalStudy study;

    @ManyToOne(optional = false)
    @JoinColumn(name = "site_id")
    private PortalSite site;

    protected PortalActiveScope() {
    }

    public PortalActiveScope(String userName) {
        this.userName = userName;
    }

    public void select(PortalStudy study, PortalSite site) {
        this.study = study;
        this.site = site;
    }

    public ActiveScope toScope() {
        return new ActiveScope(study.toRef(), site.toRef());
    }
}
