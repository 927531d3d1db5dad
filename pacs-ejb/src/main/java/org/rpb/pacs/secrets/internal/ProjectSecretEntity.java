package org.rpb.pacs.secrets.internal;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A project key, encrypted under the server key (base64 IV and ciphertext). */
@Entity
@Table(name = "project_secret")
@IdClass(ProjectSecretEntity.Key.class)
public class ProjectSecretEntity {

    /** Primary key: project and purpose. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String studyCode;
        private String purpose;

        public Key() {
        }

        public Key(String studyCode, String purpose) {
            this.studyCode = studyCode;
            this.purpose = purpose;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.studyCode.equals(studyCode) && k.purpose.equals(purpose);
        }

        @Override
        public int hashCode() {
            return Objects.hash(studyCode, purpose);
        }
    }

    @Id
    @Column(name = "study_code", length = 64)
    private String studyCode;

    @Id
    @Column(length = 32)
    private String purpose;

    @Column(nullable = false, length = 32)
    private String iv;

    @Column(nullable = false, length = 128)
    private String ciphertext;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    protected ProjectSecretEntity() {
    }

    public ProjectSecretEntity(String studyCode, String purpose, String iv, String ciphertext, LocalDateTime createdAt) {
        this.studyCode = studyCode;
        this.purpose = purpose;
        this.iv = iv;
        this.ciphertext = ciphertext;
        this.createdAt = createdAt;
    }

    public String getIv() {
        return iv;
    }

    public String getCiphertext() {
        return ciphertext;
    }

    @Override
    public String toString() {
        return "ProjectSecret[" + studyCode + "/" + purpose + "]";
    }
}
