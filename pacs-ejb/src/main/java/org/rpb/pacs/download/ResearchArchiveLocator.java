package org.rpb.pacs.download;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.node.ConfiguredNodes;
import org.rpb.pacs.security.Roles;

/**
 * The research archive the upload, the download, the thumbnails and the retention sweep use: the research PACS of
 * {@link ConfiguredNodes} (the configured node, else {@code pacs.research.node}), spoken to over DIMSE.
 */
@Stateless
@RolesAllowed(Roles.PACS_USER)
public class ResearchArchiveLocator {

    @Inject
    private ConfiguredNodes nodes;

    /** @return the research archive */
    public ResearchArchive archive() {
        return ResearchArchives.open(new ArchiveConfig(node(), ArchiveConfig.Protocol.DIMSE));
    }

    /** @return the research archive's node, with its timeouts (a job keeps the node it was started with) */
    public PacsNode node() {
        return nodes.research();
    }
}
