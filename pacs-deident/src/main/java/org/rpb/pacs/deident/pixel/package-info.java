/**
 * Burned-in annotation: detection and policy ({@link org.rpb.pacs.deident.pixel.BurnedInPolicy}) and the
 * masking of rectangles in uncompressed pixel data, streamed frame by frame
 * ({@link org.rpb.pacs.deident.pixel.PixelMasker}).
 */
package org.rpb.pacs.deident.pixel;
