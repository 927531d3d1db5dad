/** Series thumbnails on the pages ({@link org.rpb.pacs.web.thumbnail.Thumbnails}). */
package org.rpb.pacs.web.thumbnail;
