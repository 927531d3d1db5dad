package org.rpb.pacs.upload;

import java.util.Locale;

/**
 * What one upload has used of its {@link UploadLimits}, charged as the bytes arrive (by {@link UploadWorkspace} for
 * plain files and by {@link ZipExtractor} for archives) on the {@link Tab} of each received file, so that a refusal
 * comes before the disk fills. A file or archive that is refused is deleted and its tab {@linkplain Tab#refund
 * refunded}. Thread-safe: the browser sends several files at a time.
 */
final class UploadBudget {

    private final UploadLimits limits;
    private long bytes;
    private int files;
    private long zipExpanded;
    private long zipCompressed;

    UploadBudget(UploadLimits limits) {
        this.limits = limits;
    }

    /** One more file or folder. */
    synchronized void file() throws UploadLimitException {
        if (files + 1 > limits.maxFiles()) {
            throw new UploadLimitException(String.format(Locale.ROOT, "The upload holds more than %,d files and "
                    + "folders, its limit (counting the folders inside ZIP archives). Upload fewer files at a time.",
                    limits.maxFiles()));
        }
        files++;
    }

    /** {@code n} more bytes stored. */
    synchronized void bytes(long n) throws UploadLimitException {
        if (bytes + n > limits.maxBytes()) {
            throw new UploadLimitException(String.format(Locale.ROOT, "The upload is larger than its limit of %s "
                    + "(files plus what ZIP archives unpack to).", size(limits.maxBytes())));
        }
        bytes += n;
    }

    /**
     * An archive unpacked {@code expanded} more bytes from {@code compressed} more bytes of the archive (both also
     * counted by {@link #bytes}: only the ratio is checked here).
     */
    synchronized void zip(long expanded, long compressed) throws UploadLimitException {
        zipExpanded += expanded;
        zipCompressed += compressed;
        if (zipExpanded > UploadLimits.RATIO_FLOOR_BYTES
                && zipExpanded > (long) limits.maxZipRatio() * Math.max(1, zipCompressed)) {
            throw new UploadLimitException(String.format(Locale.ROOT, "The ZIP archives of this upload unpack to more "
                    + "than %d times their size, far more than DICOM files compress: refused as a possible ZIP bomb.",
                    limits.maxZipRatio()));
        }
    }

    /** @return a tab for one received file or archive */
    Tab tab() {
        return new Tab();
    }

    private synchronized void refund(long bytesUsed, int filesUsed, long expanded, long compressed) {
        bytes -= bytesUsed;
        files -= filesUsed;
        zipExpanded -= expanded;
        zipCompressed -= compressed;
    }

    private static String size(long n) {
        if (n % (1024L * 1024 * 1024) == 0) {
            return n / (1024L * 1024 * 1024) + " GiB";
        }
        if (n % (1024L * 1024) == 0) {
            return n / (1024L * 1024) + " MiB";
        }
        return String.format(Locale.ROOT, "%,d bytes", n);
    }

    /** What one received file or archive charged, so that it can be given back when that file is refused. */
    final class Tab {
        private long bytesUsed;
        private int filesUsed;
        private long expanded;
        private long compressed;

        private Tab() {
        }

        /** One more file or folder. */
        void file() throws UploadLimitException {
            UploadBudget.this.file();
            filesUsed++;
        }

        /** {@code n} more bytes stored. */
        void bytes(long n) throws UploadLimitException {
            UploadBudget.this.bytes(n);
            bytesUsed += n;
        }

        /** Archive progress, see {@link UploadBudget#zip}. */
        void zip(long moreExpanded, long moreCompressed) throws UploadLimitException {
            expanded += moreExpanded;
            compressed += moreCompressed;
            UploadBudget.this.zip(moreExpanded, moreCompressed);
        }

        /** Gives back everything this tab charged (its file was deleted). */
        void refund() {
            UploadBudget.this.refund(bytesUsed, filesUsed, expanded, compressed);
            bytesUsed = 0;
            filesUsed = 0;
            expanded = 0;
            compressed = 0;
        }
    }
}
