package org.rpb.pacs.portal.internal;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import org.rpb.pacs.portal.EventDefinition;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.SiteRef;
import org.rpb.pacs.portal.StudyConfiguration;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.portal.spi.PortalStudyData;

/**
 * The default {@link PortalStudyData}, on the module's own {@code portal_*} tables. Plain SQL because these
 * tables stand for the portal's data model, not for the module's domain; every subject query joins the
 * study and site codes, so an ID of another study or site matches no row.
 */
@ApplicationScoped
public class DatabasePortalStudyData implements PortalStudyData {

    private static final String SUBJECT_COLUMNS = """
            select su.pid, su.study_subject_id, st.code, si.code, su.his_patient_id, su.sex, su.birth_year,
                   su.enrolment_date
            from pacs.portal_subject su
            join pacs.portal_study st on st.id = su.study_id
            join pacs.portal_site si on si.id = su.site_id
            """;

    private static final String EVENT_COLUMNS = """
            select e.id, su.pid, d.code, d.name, e.repeat_key
            from pacs.portal_event e
            join pacs.portal_event_definition d on d.id = e.definition_id
            join pacs.portal_subject su on su.id = e.subject_id
            join pacs.portal_study st on st.id = su.study_id
            join pacs.portal_site si on si.id = su.site_id
            """;

    private static final String SLOT_COLUMNS = """
            select sl.id, sl.event_id, sd.name, sd.expectation, sl.study_instance_uid
            from pacs.portal_slot sl
            join pacs.portal_slot_definition sd on sd.id = sl.slot_definition_id
            join pacs.portal_event e on e.id = sl.event_id
            join pacs.portal_subject su on su.id = e.subject_id
            join pacs.portal_study st on st.id = su.study_id
            join pacs.portal_site si on si.id = su.site_id
            """;

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @Override
    public Optional<StudyConfiguration> configuration(String studyCode) {
        List<Object[]> study = rows(em.createNativeQuery(
                "select id, name, dicom_enabled, study0 from pacs.portal_study where code = ?1")
                .setParameter(1, studyCode));
        if (study.isEmpty()) {
            return Optional.empty();
        }
        Object[] s = study.get(0);
        Map<String, String> tags = new LinkedHashMap<>();
        // the DICOM flag of V1 is the tag's default; an explicit tag row wins
        tags.put(StudyConfiguration.DICOM_TAG, String.valueOf(bool(s[2])));
        for (Object[] t : rows(em.createNativeQuery(
                "select tag_name, tag_value from pacs.portal_study_tag where study_id = ?1 order by tag_name")
                .setParameter(1, num(s[0])))) {
            tags.put((String) t[0], (String) t[1]);
        }
        return Optional.of(new StudyConfiguration(studyCode, (String) s[1], tags, bool(s[3])));
    }

    @Override
    public List<SiteRef> sites(String studyCode) {
        List<Object[]> r = rows(em.createNativeQuery("""
                select distinct si.code, si.name from pacs.portal_site si
                join pacs.portal_user_access a on a.site_id = si.id
                join pacs.portal_study st on st.id = a.study_id
                where st.code = ?1
                union
                select distinct si.code, si.name from pacs.portal_site si
                join pacs.portal_subject su on su.site_id = si.id
                join pacs.portal_study st on st.id = su.study_id
                where st.code = ?1
                order by 1""").setParameter(1, studyCode));
        return r.stream().map(x -> new SiteRef((String) x[0], (String) x[1])).toList();
    }

    @Override
    public List<Subject> subjects(String studyCode, String siteCode) {
        return rows(em.createNativeQuery(SUBJECT_COLUMNS + "where st.code = ?1 and si.code = ?2 order by su.pid")
                .setParameter(1, studyCode).setParameter(2, siteCode))
                .stream().map(DatabasePortalStudyData::subject).toList();
    }

    @Override
    public Optional<Subject> subject(String studyCode, String siteCode, String pid) {
        return rows(em.createNativeQuery(SUBJECT_COLUMNS + "where st.code = ?1 and si.code = ?2 and su.pid = ?3")
                .setParameter(1, studyCode).setParameter(2, siteCode).setParameter(3, pid))
                .stream().map(DatabasePortalStudyData::subject).findFirst();
    }

    @Override
    public Optional<Subject> study0MemberByHisId(String siteCode, String hisPatientId) {
        return rows(em.createNativeQuery(SUBJECT_COLUMNS
                + "where st.study0 = ?1 and si.code = ?2 and su.his_patient_id = ?3")
                .setParameter(1, true).setParameter(2, siteCode).setParameter(3, hisPatientId))
                .stream().map(DatabasePortalStudyData::subject).findFirst();
    }

    @Override
    public List<EventDefinition> eventDefinitions(String studyCode) {
        List<Object[]> defs = rows(em.createNativeQuery("""
                select d.id, d.code, d.name, d.repeating from pacs.portal_event_definition d
                join pacs.portal_study st on st.id = d.study_id
                where st.code = ?1 order by d.position""").setParameter(1, studyCode));
        return defs.stream().map(d -> {
            List<?> slots = em.createNativeQuery(
                    "select name from pacs.portal_slot_definition where definition_id = ?1 order by position")
                    .setParameter(1, num(d[0])).getResultList();
            return new EventDefinition((String) d[1], (String) d[2], bool(d[3]),
                    slots.stream().map(String::valueOf).toList());
        }).toList();
    }

    @Override
    public List<EventOccurrence> events(String studyCode, String siteCode, String pid) {
        return rows(em.createNativeQuery(EVENT_COLUMNS
                + "where st.code = ?1 and si.code = ?2 and su.pid = ?3 order by d.position, e.repeat_key")
                .setParameter(1, studyCode).setParameter(2, siteCode).setParameter(3, pid))
                .stream().map(DatabasePortalStudyData::event).toList();
    }

    @Override
    public Optional<EventOccurrence> event(String studyCode, String siteCode, long eventId) {
        return rows(em.createNativeQuery(EVENT_COLUMNS + "where st.code = ?1 and si.code = ?2 and e.id = ?3")
                .setParameter(1, studyCode).setParameter(2, siteCode).setParameter(3, eventId))
                .stream().map(DatabasePortalStudyData::event).findFirst();
    }

    @Override
    public List<UploadSlot> slots(String studyCode, String siteCode, long eventId) {
        return rows(em.createNativeQuery(SLOT_COLUMNS
                + "where st.code = ?1 and si.code = ?2 and e.id = ?3 order by sd.position")
                .setParameter(1, studyCode).setParameter(2, siteCode).setParameter(3, eventId))
                .stream().map(DatabasePortalStudyData::slot).toList();
    }

    @Override
    public Optional<UploadSlot> slot(String studyCode, String siteCode, long slotId) {
        return rows(em.createNativeQuery(SLOT_COLUMNS + "where st.code = ?1 and si.code = ?2 and sl.id = ?3")
                .setParameter(1, studyCode).setParameter(2, siteCode).setParameter(3, slotId))
                .stream().map(DatabasePortalStudyData::slot).findFirst();
    }

    @Override
    public boolean writeSlot(String studyCode, String siteCode, long slotId, String studyInstanceUid) {
        if (slot(studyCode, siteCode, slotId).isEmpty()) {
            return false;
        }
        return em.createNativeQuery("update pacs.portal_slot set study_instance_uid = ?1 where id = ?2")
                .setParameter(1, studyInstanceUid).setParameter(2, slotId).executeUpdate() == 1;
    }

    @Override
    public boolean clearSlot(String studyCode, String siteCode, long slotId) {
        return writeSlot(studyCode, siteCode, slotId, null);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return q.getResultList();
    }

    private static Subject subject(Object[] r) {
        return new Subject((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                (String) r[5], r[6] == null ? null : num(r[6]).intValue(), date(r[7]));
    }

    private static EventOccurrence event(Object[] r) {
        return new EventOccurrence(num(r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                num(r[4]).intValue());
    }

    private static UploadSlot slot(Object[] r) {
        return new UploadSlot(num(r[0]).longValue(), num(r[1]).longValue(), (String) r[2], (String) r[3],
                (String) r[4]);
    }

    private static LocalDate date(Object o) {
        if (o == null) {
            return null;
        }
        // drivers hand a DATE column back as java.sql.Date or as LocalDate
        return o instanceof LocalDate d ? d : ((java.sql.Date) o).toLocalDate();
    }

    private static Number num(Object o) {
        return (Number) o;
    }

    private static boolean bool(Object o) {
        return o instanceof Boolean b ? b : ((Number) o).intValue() != 0;
    }
}
