package org.rpb.pacs.web.thumbnail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.omnifaces.cdi.GraphicImageBean;
import org.omnifaces.util.Faces;

/**
 * Serves the thumbnails of {@code <o:graphicImage value="#{thumbnailImage.png(t.token())}" type="png"/>}. The URL
 * ({@code /jakarta.faces.resource/ThumbnailImage_png.png.xhtml?ln=omnifaces.graphic&p=TOKEN}) carries nothing but
 * the token; {@code web.xml} demands ROLE_PACS_USER for it, and a token of another session or of another study and
 * site than the active one gives a 404.
 *
 * <p>{@code @Named} and {@code @ApplicationScoped} as well as the stereotype: with the stereotype alone the WAR's
 * annotated bean discovery on WildFly did not find the bean ({@code thumbnailImage} resolved to null).
 */
@GraphicImageBean
@Named
@ApplicationScoped
public class ThumbnailImage {

    @Inject
    private ThumbnailImages images;

    /**
     * @param token a token of the caller's session
     * @return the PNG, or null (404)
     */
    public byte[] png(String token) {
        byte[] png = images.png(token);
        if (png != null) {
            // the browser may keep it for the session, shared caches must not
            Faces.addResponseHeader("Cache-Control", "private, max-age=1800");
        }
        return png;
    }
}
