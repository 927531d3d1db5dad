package org.rpb.pacs.deident.pixel;

/**
 * A rectangle of pixels to blank, in image coordinates (column, row from the top left), applied to every frame.
 *
 * @param x first column
 * @param y first row
 * @param width columns
 * @param height rows
 */
public record MaskRegion(int x, int y, int width, int height) {

    /** Checks the rectangle is not empty or negative. */
    public MaskRegion {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask region must have x, y >= 0 and a positive size");
        }
    }
}
