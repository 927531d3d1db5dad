/**
 * Series thumbnails on the pages: each is made once per view, its PNG kept in the user's session under a random
 * token bound to the active study and site ({@link org.rpb.pacs.web.thumbnail.ThumbnailImages}), and fetched by the
 * browser from OmniFaces' {@code o:graphicImage} resource ({@link org.rpb.pacs.web.thumbnail.ThumbnailImage}), whose
 * URL holds only the token and is constrained to ROLE_PACS_USER in {@code web.xml}. Another session, or the same
 * user after choosing another study or site, gets a 404.
 */
package org.rpb.pacs.web.thumbnail;
