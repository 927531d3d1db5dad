package org.rpb.pacs.core.archive;

/** Entry point: builds the {@link ResearchArchive} the configuration names. */
public final class ResearchArchives {
    private ResearchArchives() {
    }

    /**
     * @param config node and protocol
     * @return the archive
     */
    public static ResearchArchive open(ArchiveConfig config) {
        switch (config.protocol()) {
            case DICOMWEB:
                return new DicomWebResearchArchive(config.node());
            case DIMSE:
            default:
                return new DimseResearchArchive(config.node());
        }
    }
}
