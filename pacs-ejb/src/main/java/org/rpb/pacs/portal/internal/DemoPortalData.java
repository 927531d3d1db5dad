package org.rpb.pacs.portal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Fills the module's own portal directory with the demo context ({@code demo/portal-demo.json}, or the file
 * named by {@code -Dpacs.demo.data.file}) when the server runs with {@code -Dpacs.demo.data=true} and the directory is still empty, so a
 * second start keeps what the first one made.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigration")
public class DemoPortalData {

    static final String ENABLE_PROPERTY = "pacs.demo.data";
    /** A portal data file of the same form used instead of the built-in one (the cohort benchmark's). */
    static final String FILE_PROPERTY = "pacs.demo.data.file";
    private static final String RESOURCE = "/demo/portal-demo.json";
    private static final Logger LOG = Logger.getLogger(DemoPortalData.class.getName());

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @PostConstruct
    void loadIfWanted() {
        if (!Boolean.getBoolean(ENABLE_PROPERTY)) {
            return;
        }
        JsonObject demo = read();
        long studies = em.createQuery("select count(s) from PortalStudy s", Long.class).getSingleResult();
        if (studies > 0) {
            LOG.info("Demo portal directory already present; kept as it is");
        } else {
            loadDirectory(demo);
            em.flush();
        }
        // a database made before the subjects' tables existed gets them on its next start
        long subjects = ((Number) em.createNativeQuery("select count(*) from pacs.portal_subject")
                .getSingleResult()).longValue();
        if (subjects > 0) {
            LOG.info("Demo subjects and events already present; kept as they are");
            addEnrolmentDates(demo);
        } else {
            loadClinical(demo);
        }
    }

    private void loadDirectory(JsonObject demo) {
        Map<String, PortalStudy> studyByCode = new HashMap<>();
        for (JsonValue v : demo.getJsonArray("studies")) {
            JsonObject s = v.asJsonObject();
            PortalStudy study = new PortalStudy(s.getString("code"), s.getString("name"),
                    s.getBoolean("dicom"), s.getBoolean("study0"));
            em.persist(study);
            studyByCode.put(study.getCode(), study);
        }
        Map<String, PortalSite> siteByCode = new HashMap<>();
        for (JsonValue v : demo.getJsonArray("sites")) {
            JsonObject s = v.asJsonObject();
            PortalSite site = new PortalSite(s.getString("code"), s.getString("name"));
            em.persist(site);
            siteByCode.put(site.getCode(), site);
        }
        for (JsonValue v : demo.getJsonArray("access")) {
            JsonObject a = v.asJsonObject();
            PortalStudy study = studyByCode.get(a.getString("study"));
            for (JsonValue site : a.getJsonArray("sites")) {
                em.persist(new PortalUserAccess(a.getString("user"), study,
                        siteByCode.get(((JsonString) site).getString())));
            }
        }
        LOG.info(() -> "Demo portal data loaded: " + studyByCode.size() + " studies, " + siteByCode.size() + " sites");
    }

    private void loadClinical(JsonObject demo) {
        for (JsonValue v : demo.getJsonArray("tags")) {
            JsonObject t = v.asJsonObject();
            em.createNativeQuery("insert into pacs.portal_study_tag (study_id, tag_name, tag_value) values (?1, ?2, ?3)")
                    .setParameter(1, studyId(t.getString("study"))).setParameter(2, t.getString("name"))
                    .setParameter(3, t.getString("value")).executeUpdate();
        }
        for (JsonValue v : demo.getJsonArray("subjects")) {
            JsonObject s = v.asJsonObject();
            em.createNativeQuery("""
                    insert into pacs.portal_subject (study_id, site_id, pid, study_subject_id, his_patient_id, sex, birth_year,
                        enrolment_date)
                    values (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS INTEGER), CAST(?8 AS DATE))""")
                    .setParameter(1, studyId(s.getString("study")))
                    .setParameter(2, siteId(s.getString("site")))
                    .setParameter(3, s.getString("pid"))
                    .setParameter(4, s.getString("subjectId"))
                    .setParameter(5, s.containsKey("his") ? s.getString("his") : null)
                    .setParameter(6, s.isNull("sex") ? null : s.getString("sex"))
                    // a null parameter is bound as text (PostgreSQL refuses it for an integer column without the cast)
                    .setParameter(7, s.isNull("birthYear") ? null : s.getInt("birthYear"))
                    .setParameter(8, enrolment(s))
                    .executeUpdate();
        }
        int position = 0;
        for (JsonValue v : demo.getJsonArray("eventDefinitions")) {
            JsonObject d = v.asJsonObject();
            long study = studyId(d.getString("study"));
            em.createNativeQuery("""
                    insert into pacs.portal_event_definition (study_id, code, name, repeating, position)
                    values (?1, ?2, ?3, ?4, ?5)""")
                    .setParameter(1, study).setParameter(2, d.getString("code")).setParameter(3, d.getString("name"))
                    .setParameter(4, d.getBoolean("repeating")).setParameter(5, position++).executeUpdate();
            long definition = id("select id from pacs.portal_event_definition where study_id = ?1 and code = ?2",
                    study, d.getString("code"));
            int slotPosition = 0;
            for (JsonValue sv : d.getJsonArray("slots")) {
                JsonObject slot = sv.asJsonObject();
                em.createNativeQuery("""
                        insert into pacs.portal_slot_definition (definition_id, name, expectation, position)
                        values (?1, ?2, ?3, ?4)""")
                        .setParameter(1, definition).setParameter(2, slot.getString("name"))
                        .setParameter(3, slot.getString("expectation")).setParameter(4, slotPosition++).executeUpdate();
            }
        }
        int events = 0;
        for (JsonValue v : demo.getJsonArray("events")) {
            JsonObject e = v.asJsonObject();
            long study = studyId(e.getString("study"));
            long subject = id("select id from pacs.portal_subject where study_id = ?1 and pid = ?2", study, e.getString("pid"));
            long definition = id("select id from pacs.portal_event_definition where study_id = ?1 and code = ?2",
                    study, e.getString("event"));
            em.createNativeQuery("insert into pacs.portal_event (subject_id, definition_id, repeat_key) values (?1, ?2, ?3)")
                    .setParameter(1, subject).setParameter(2, definition).setParameter(3, e.getInt("repeatKey"))
                    .executeUpdate();
            long event = id("select id from pacs.portal_event where subject_id = ?1 and definition_id = ?2 and repeat_key = ?3",
                    subject, definition, e.getInt("repeatKey"));
            em.createNativeQuery("""
                    insert into pacs.portal_slot (event_id, slot_definition_id)
                    select ?1, id from pacs.portal_slot_definition where definition_id = ?2""")
                    .setParameter(1, event).setParameter(2, definition).executeUpdate();
            events++;
        }
        int loadedEvents = events;
        LOG.info(() -> "Demo subjects loaded: " + demo.getJsonArray("subjects").size() + " subjects, "
                + loadedEvents + " events");
    }

    /** A demo database made before subjects had an enrolment date gets the demo's dates where none is set. */
    private void addEnrolmentDates(JsonObject demo) {
        for (JsonValue v : demo.getJsonArray("subjects")) {
            JsonObject s = v.asJsonObject();
            if (enrolment(s) == null) {
                continue;
            }
            em.createNativeQuery("update pacs.portal_subject set enrolment_date = CAST(?1 AS DATE)"
                    + " where enrolment_date is null and pid = ?2 and study_id = ?3")
                    .setParameter(1, enrolment(s)).setParameter(2, s.getString("pid"))
                    .setParameter(3, studyId(s.getString("study"))).executeUpdate();
        }
    }

    /** The subject's enrolment date as ISO text (the database casts it), or null. */
    private static String enrolment(JsonObject subject) {
        return subject.containsKey("enrolled") && !subject.isNull("enrolled") ? subject.getString("enrolled") : null;
    }

    private long studyId(String code) {
        return id("select id from pacs.portal_study where code = ?1", code);
    }

    private long siteId(String code) {
        return id("select id from pacs.portal_site where code = ?1", code);
    }

    private long id(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return ((Number) q.getSingleResult()).longValue();
    }

    private static JsonObject read() {
        String file = System.getProperty(FILE_PROPERTY);
        boolean builtIn = file == null || file.isBlank();
        String source = builtIn ? RESOURCE : file.trim();
        try (InputStream in = builtIn ? DemoPortalData.class.getResourceAsStream(RESOURCE)
                : Files.newInputStream(Path.of(source));
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the demo portal data " + source, e);
        }
    }
}
