package org.rpb.pacs.web.thumbnail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.thumbnail.Thumbnail;

class ThumbnailsTest {

    @Test
    void aPictureBecomesAPngDataUriAndAnRtObjectNone() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1};
        String uri = Thumbnails.dataUri(new Thumbnail(Thumbnail.Kind.IMAGE, png, null, List.of(), 0));
        assertTrue(uri.startsWith("data:image/png;base64,"), uri);
        assertArrayEquals(png, Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1)));
        assertNull(Thumbnails.dataUri(new Thumbnail(Thumbnail.Kind.RT, null, "RTSTRUCT", List.of("PTV"), 2)));
        assertNull(Thumbnails.dataUri(null));
    }
}
