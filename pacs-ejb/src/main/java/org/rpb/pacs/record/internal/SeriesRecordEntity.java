package org.rpb.pacs.record.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.rpb.pacs.record.SeriesRecord;

/** Row of {@code dicom_series_record}. */
@Entity
@Table(name = "dicom_series_record")
public class SeriesRecordEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "study_record_id")
    private StudyRecordEntity study;
    @Column(name = "series_instance_uid", nullable = false)
    private String seriesInstanceUid;
    @Column(name = "source_series_uid")
    private String sourceSeriesUid;
    @Column(nullable = false)
    private String modality;
    private String description;
    @Column(name = "instance_count")
    private int instanceCount;

    protected SeriesRecordEntity() {
    }

    SeriesRecordEntity(StudyRecordEntity study, SeriesRecord s) {
        this.study = study;
        this.seriesInstanceUid = s.seriesInstanceUid();
        this.sourceSeriesUid = s.sourceSeriesUid();
        this.modality = s.modality();
        this.description = s.description();
        this.instanceCount = s.instanceCount();
    }

    SeriesRecord toSeries() {
        return new SeriesRecord(seriesInstanceUid, sourceSeriesUid, modality, description, instanceCount);
    }
}
