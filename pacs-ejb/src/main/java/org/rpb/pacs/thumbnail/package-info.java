/**
 * Server-side thumbnails of series: a middle image rendered to PNG, a placeholder for pixel data that is not
 * rendered here, and labels and references for RT objects. Entry point: {@link org.rpb.pacs.thumbnail.ThumbnailRenderer}.
 */
package org.rpb.pacs.thumbnail;
