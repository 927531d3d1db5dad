package org.rpb.pacs.web.thumbnail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.thumbnail.Thumbnail;

class SeriesThumbnailTest {

    @Test
    void anImageIsShownByItsToken() {
        SeriesThumbnail t = SeriesThumbnail.of(new Thumbnail(Thumbnail.Kind.IMAGE, new byte[] {1}, null, List.of(), 0),
                "token-1");
        assertTrue(t.image());
        assertFalse(t.card());
        assertEquals("token-1", t.token());
    }

    @Test
    void anRtObjectIsShownAsACardWithItsLabels() {
        SeriesThumbnail t = SeriesThumbnail.of(new Thumbnail(Thumbnail.Kind.RT, null, "RTSTRUCT",
                List.of("PTV", "Heart"), 3), null);
        assertFalse(t.image());
        assertTrue(t.card());
        assertEquals(List.of("PTV", "Heart"), t.labels());
        assertEquals(3, t.references());
        assertNull(t.problem());
    }

    @Test
    void aMissingThumbnailShowsOnlyWhy() {
        SeriesThumbnail t = SeriesThumbnail.missing("The research PACS did not answer");
        assertFalse(t.image());
        assertFalse(t.card(), "no empty RT card under the problem");
        assertEquals("The research PACS did not answer", t.problem());
    }
}
