package org.rpb.pacs.node.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.rpb.pacs.node.NodeRole;
import org.rpb.pacs.node.PacsNode;

/** Row of {@code pacs_node}. */
@Entity
@Table(name = "pacs_node")
public class PacsNodeEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false, unique = true)
    private String name;
    @Enumerated(EnumType.STRING)
    @Column(name = "node_role", nullable = false)
    private NodeRole role;
    @Column(name = "ae_title", nullable = false)
    private String aeTitle;
    @Column(nullable = false)
    private String host;
    private int port;
    @Column(name = "calling_ae_title", nullable = false)
    private String callingAeTitle;
    @Column(name = "connect_timeout_ms")
    private int connectTimeoutMs;
    @Column(name = "response_timeout_ms")
    private int responseTimeoutMs;
    @Column(name = "dicomweb_url")
    private String dicomwebUrl;

    protected PacsNodeEntity() {
    }

    public PacsNodeEntity(PacsNode n) {
        update(n);
    }

    /** Copies a validated configuration into the row. */
    public final void update(PacsNode n) {
        name = n.name();
        role = n.role();
        aeTitle = n.aeTitle();
        host = n.host();
        port = n.port();
        callingAeTitle = n.callingAeTitle();
        connectTimeoutMs = n.connectTimeoutMs();
        responseTimeoutMs = n.responseTimeoutMs();
        dicomwebUrl = n.dicomwebUrl();
    }

    public PacsNode toNode() {
        return new PacsNode(id, name, role, aeTitle, host, port, callingAeTitle, connectTimeoutMs,
                responseTimeoutMs, dicomwebUrl);
    }
}
