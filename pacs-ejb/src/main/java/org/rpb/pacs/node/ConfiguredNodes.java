package org.rpb.pacs.node;

import java.util.ArrayList;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import org.rpb.pacs.receiver.ModuleReceiver;

/**
 * The clinical and research PACS the lookup, the staging and copy jobs, the upload and the download talk to: the
 * node an administrator configured for the role (the first by name, see {@link PacsNodeService#node}), with its
 * calling AE title and timeouts; only while no node of the role is configured, the system property
 * {@code pacs.clinical.node} or {@code pacs.research.node} ({@code AET@host:port}, default timeouts, our AE title
 * the receiver's, {@code pacs.receiver.aet}), else the demo's two Orthanc ({@value #DEFAULT_CLINICAL} and
 * {@value #DEFAULT_RESEARCH}). Read when a job is submitted: the job keeps the node it was given. Calls
 * {@link PacsNodeService} with the caller's identity.
 */
@ApplicationScoped
public class ConfiguredNodes {

    /** The clinical PACS when none is configured and {@code pacs.clinical.node} is not set. */
    public static final String DEFAULT_CLINICAL = "CLINICAL@127.0.0.1:14242";
    /** The research PACS when none is configured and {@code pacs.research.node} is not set. */
    public static final String DEFAULT_RESEARCH = "RESEARCH@127.0.0.1:24242";
    private static final String CLINICAL_PROPERTY = "pacs.clinical.node";
    private static final String RESEARCH_PROPERTY = "pacs.research.node";

    @EJB
    private PacsNodeService nodes;

    /** @return the clinical PACS */
    public org.rpb.pacs.core.net.PacsNode clinical() {
        return node(NodeRole.CLINICAL, CLINICAL_PROPERTY, DEFAULT_CLINICAL);
    }

    /** @return the research PACS */
    public org.rpb.pacs.core.net.PacsNode research() {
        return node(NodeRole.RESEARCH, RESEARCH_PROPERTY, DEFAULT_RESEARCH);
    }

    /**
     * The AE titles of the fallback clinical and research PACS (the properties, else the defaults), read without a
     * caller: the receiver accepts them as move sources.
     *
     * @return the two AE titles (the text before {@code @}, trimmed; empty for an empty property)
     */
    public static List<String> fallbackAeTitles() {
        List<String> titles = new ArrayList<>();
        for (String fallback : List.of(System.getProperty(CLINICAL_PROPERTY, DEFAULT_CLINICAL),
                System.getProperty(RESEARCH_PROPERTY, DEFAULT_RESEARCH))) {
            int at = fallback.indexOf('@');
            titles.add(at < 0 ? fallback.trim() : fallback.substring(0, at).trim());
        }
        return titles;
    }

    private org.rpb.pacs.core.net.PacsNode node(NodeRole role, String property, String fallback) {
        return nodes.node(role).map(PacsNode::toNetworkNode).orElseGet(() -> org.rpb.pacs.core.net.PacsNode.parse(
                System.getProperty(property, fallback).trim(),
                System.getProperty("pacs.receiver.aet", ModuleReceiver.DEFAULT_AE)));
    }
}
