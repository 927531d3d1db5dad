package org.rpb.pacs.portal.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.rpb.pacs.portal.StudyRef;

/** A study of the module's own portal directory. */
@Entity
@Table(name = "portal_study")
public class PortalStudy {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String code;

    @Column(nullable = false)
    private String name;

    @Column(name = "dicom_enabled", nullable = false)
    private boolean dicomEnabled;

    @Column(nullable = false)
    private boolean study0;

    protected PortalStudy() {
    }

    public PortalStudy(String code, String name, boolean dicomEnabled, boolean study0) {
        this.code = code;
        this.name = name;
        this.dicomEnabled = dicomEnabled;
        this.study0 = study0;
    }

    public Long getId() {
        return id;
    }

    public String getCode() {
        return code;
    }

    public StudyRef toRef() {
        return new StudyRef(code, name, dicomEnabled, study0);
    }
}
