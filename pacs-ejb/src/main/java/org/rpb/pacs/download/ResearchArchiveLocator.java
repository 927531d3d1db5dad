package org.rpb.pacs.download;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;

import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.node.NodeRole;
import org.rpb.pacs.node.PacsNodeService;
import org.rpb.pacs.security.Roles;

/**
 * The research archive the upload and download use: the node of the system property {@code pacs.research.node}
 * ({@code AET@host:port}, the property the staging jobs read too; the run command and the server tests set it)
 * when it is set, else the research node an administrator configured, else {@code RESEARCH@127.0.0.1:24242}.
 * Spoken to over DIMSE.
 */
@Stateless
@RolesAllowed(Roles.PACS_USER)
public class ResearchArchiveLocator {

    /** The AE title the module calls with when the configuration names none. */
    public static final String DEFAULT_CALLING_AE = "RPBPACS";

    @EJB
    private PacsNodeService nodes;

    /** @return the research archive */
    public ResearchArchive archive() {
        return ResearchArchives.open(new ArchiveConfig(node(), ArchiveConfig.Protocol.DIMSE));
    }

    /** @return the research archive's node (a job keeps the node it was started with) */
    public PacsNode node() {
        String property = System.getProperty("pacs.research.node");
        if (property != null && !property.isBlank()) {
            return PacsNode.parse(property.trim(), System.getProperty("pacs.receiver.aet", DEFAULT_CALLING_AE));
        }
        PacsNode node = nodes.node(NodeRole.RESEARCH).map(n -> {
            PacsNode.Builder b = PacsNode.builder().aeTitle(n.aeTitle()).host(n.host()).port(n.port())
                    .callingAeTitle(n.callingAeTitle())
                    .connectTimeout(java.time.Duration.ofMillis(n.connectTimeoutMs()))
                    .responseTimeout(java.time.Duration.ofMillis(n.responseTimeoutMs()));
            if (n.dicomwebUrl() != null) {
                b.dicomWebBaseUrl(URI.create(n.dicomwebUrl()));
            }
            return b.build();
        }).orElseGet(() -> PacsNode.parse(System.getProperty("pacs.research.node", "RESEARCH@127.0.0.1:24242"),
                System.getProperty("pacs.receiver.aet", DEFAULT_CALLING_AE)));
        return node;
    }
}
