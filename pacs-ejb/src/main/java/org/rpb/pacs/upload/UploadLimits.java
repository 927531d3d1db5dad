package org.rpb.pacs.upload;

import java.io.Serializable;

/**
 * The caps of one upload (everything the browser sends into one slot before it is confirmed), enforced while the
 * bytes arrive: the total bytes stored (plain files plus what ZIP archives unpack to), the number of files and folders
 * (ZIP directory entries count too), and the compression ratio of all ZIP archives of the upload together (what they
 * unpack to divided by their compressed bytes), which is checked once they unpacked to more than
 * {@value #RATIO_FLOOR_BYTES} bytes, so that small archives of blank images pass and a deflate bomb stops there.
 *
 * <p>Configured by system properties: {@code pacs.upload.max-bytes} (default 4 GiB), {@code pacs.upload.max-files}
 * (default 20,000) and {@code pacs.upload.max-zip-ratio} (default 200).
 *
 * @param maxBytes    the most bytes one upload may store
 * @param maxFiles    the most files and folders one upload may hold
 * @param maxZipRatio the most an upload's ZIP archives may expand, as a multiple of their compressed size
 */
public record UploadLimits(long maxBytes, int maxFiles, int maxZipRatio) implements Serializable {

    /** Below this many unpacked bytes the compression ratio is not checked. */
    public static final long RATIO_FLOOR_BYTES = 64L * 1024 * 1024;
    static final String MAX_BYTES = "pacs.upload.max-bytes";
    static final String MAX_FILES = "pacs.upload.max-files";
    static final String MAX_ZIP_RATIO = "pacs.upload.max-zip-ratio";

    /** Checks that every cap is positive. */
    public UploadLimits {
        if (maxBytes < 1 || maxFiles < 1 || maxZipRatio < 1) {
            throw new IllegalArgumentException("upload limits must be positive: " + maxBytes + " bytes, " + maxFiles
                    + " files, ratio " + maxZipRatio);
        }
    }

    /** @return 4 GiB, 20,000 files and folders, ratio 200 */
    public static UploadLimits defaults() {
        return new UploadLimits(4L * 1024 * 1024 * 1024, 20_000, 200);
    }

    /**
     * @return the limits the system properties set, the defaults for those not set
     * @throws IllegalArgumentException naming the property whose value is not a positive number
     */
    public static UploadLimits fromSystemProperties() {
        UploadLimits d = defaults();
        return new UploadLimits(number(MAX_BYTES, d.maxBytes()), (int) number(MAX_FILES, d.maxFiles()),
                (int) number(MAX_ZIP_RATIO, d.maxZipRatio()));
    }

    private static long number(String property, long fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 1 || (!property.equals(MAX_BYTES) && n > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the system property " + property + " must be a positive whole number, not "
                    + v);
        }
    }
}
