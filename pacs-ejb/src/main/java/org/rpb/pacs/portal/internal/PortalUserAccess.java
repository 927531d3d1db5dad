package org.rpb.pacs.portal.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.rpb.pacs.portal.ActiveScope;

/** That a user may work in a study at a site. */
@Entity
@Table(name = "portal_user_access")
public class PortalUserAccess {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_name", nullable = false, length = 128)
    private String userName;

    @ManyToOne(optional = false)
    @JoinColumn(name = "study_id")
    private PortalStudy study;

    @ManyToOne(optional = false)
    @JoinColumn(name = "site_id")
    private PortalSite site;

    protected PortalUserAccess() {
    }

    public PortalUserAccess(String userName, PortalStudy study, PortalSite site) {
        this.userName = userName;
        this.study = study;
        this.site = site;
    }

    public PortalStudy getStudy() {
        return study;
    }

    public PortalSite getSite() {
        return site;
    }

    public ActiveScope toScope() {
        return new ActiveScope(study.toRef(), site.toRef());
    }
}
