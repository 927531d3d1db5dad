package org.rpb.pacs.staging.job;

import java.util.Optional;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import org.rpb.pacs.node.NodeRole;
import org.rpb.pacs.node.PacsNode;
import org.rpb.pacs.node.PacsNodeService;
import org.rpb.pacs.receiver.ModuleReceiver;

/**
 * The clinical and research PACS of staging jobs and the lookup, as {@code AET@host:port}: the nodes an
 * administrator configured (the first of each role by name, see {@link PacsNodeService#node}); only when no
 * node of a role is configured, the system property {@code pacs.clinical.node} or {@code pacs.research.node}
 * (defaults: the demo's two Orthanc, {@code CLINICAL@127.0.0.1:14242} and {@code RESEARCH@127.0.0.1:24242}).
 * Our calling AE title is the configured node's, else the receiver's ({@code pacs.receiver.aet}, default
 * RPBPACS). Read when a job is submitted; the job keeps what it was given. Calls {@link PacsNodeService}
 * with the caller's identity.
 */
@ApplicationScoped
public class StagingNodes {

    /** The clinical PACS when none is configured and {@code pacs.clinical.node} is not set. */
    public static final String DEFAULT_CLINICAL = "CLINICAL@127.0.0.1:14242";
    /** The research PACS when none is configured and {@code pacs.research.node} is not set. */
    public static final String DEFAULT_RESEARCH = "RESEARCH@127.0.0.1:24242";

    @EJB
    private PacsNodeService nodes;

    /** @return the clinical PACS */
    public String clinical() {
        return nodes.node(NodeRole.CLINICAL).map(StagingNodes::address)
                .orElseGet(() -> System.getProperty("pacs.clinical.node", DEFAULT_CLINICAL));
    }

    /** @return the research PACS */
    public String research() {
        return nodes.node(NodeRole.RESEARCH).map(StagingNodes::address)
                .orElseGet(() -> System.getProperty("pacs.research.node", DEFAULT_RESEARCH));
    }

    /** @return our AE title towards the clinical PACS (and the research PACS when copying from it) */
    public String callingAeTitle() {
        return callingAeTitle(NodeRole.CLINICAL);
    }

    /**
     * @param role which node
     * @return our AE title towards it: the configured node's, else the receiver's
     */
    public String callingAeTitle(NodeRole role) {
        Optional<PacsNode> n = nodes.node(role);
        return n.map(PacsNode::callingAeTitle)
                .orElseGet(() -> System.getProperty("pacs.receiver.aet", ModuleReceiver.DEFAULT_AE));
    }

    private static String address(PacsNode n) {
        return n.aeTitle() + "@" + n.host() + ":" + n.port();
    }
}
