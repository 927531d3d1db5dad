package org.rpb.pacs.web.thumbnail;

import java.io.Serializable;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Inject;

import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.thumbnail.Thumbnail;
import org.rpb.pacs.web.message.FailureMessages;

/**
 * The user's thumbnail pictures for this session, each bound to the active study and site it was made in: pages
 * {@link #show(Thumbnail) keep} a thumbnail once and render its token, {@link ThumbnailImage} serves it.
 */
@SessionScoped
public class ThumbnailImages implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Enough for the series of a few studies; a 128-pixel PNG is a few kilobytes. */
    static final int CAPACITY = 200;

    @Inject
    private ActiveScopeService scopes;

    private final ThumbnailStore store = new ThumbnailStore(CAPACITY);

    /**
     * Keeps the thumbnail's picture (if it has one) for the active study and site.
     *
     * @param t a thumbnail made for the active study and site
     * @return what the page shows of it
     */
    public SeriesThumbnail show(Thumbnail t) {
        if (t == null) {
            return SeriesThumbnail.missing("no instance of the series could be read");
        }
        if (t.png() == null) {
            return SeriesThumbnail.of(t, null);
        }
        try {
            return SeriesThumbnail.of(t, store.put(scope(), t.png()));
        } catch (NoActiveScopeException e) {
            return SeriesThumbnail.missing(FailureMessages.of(null, e).summary());
        }
    }

    /**
     * @param token a token of this session
     * @return its picture, or null when the token is unknown or was made in another study or site than the active one
     */
    public byte[] png(String token) {
        try {
            return store.get(token, scope()).orElse(null);
        } catch (NoActiveScopeException e) {
            return null;
        }
    }

    private String scope() throws NoActiveScopeException {
        ActiveScope s = scopes.current();
        return s.study().code() + "@" + s.site().code();
    }
}
