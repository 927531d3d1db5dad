package org.rpb.pacs.portal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * Fills the module's own portal directory with the demo context ({@code demo/portal-demo.json})
 * when the server runs with {@code -Dpacs.demo.data=true} and the directory is still empty, so a
 * second start keeps what the first one made.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigration")
public class DemoPortalData {

    static final String ENABLE_PROPERTY = "pacs.demo.data";
    private static final String RESOURCE = "/demo/portal-demo.json";
    private static final Logger LOG = Logger.getLogger(DemoPortalData.class.getName());

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @PostConstruct
    void loadIfWanted() {
        if (!Boolean.getBoolean(ENABLE_PROPERTY)) {
            return;
        }
        long studies = em.createQuery("select count(s) from PortalStudy s", Long.class).getSingleResult();
        if (studies > 0) {
            LOG.info("Demo portal data already present; kept as it is");
            return;
        }
        JsonObject demo = read();
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

    private static JsonObject read() {
        try (InputStream in = DemoPortalData.class.getResourceAsStream(RESOURCE);
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
