package org.rpb.pacs.web.admin;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.omnifaces.util.Messages;

import org.rpb.pacs.admin.ConnectionCheck;
import org.rpb.pacs.admin.NodeTestService;
import org.rpb.pacs.node.NodeNotFoundException;
import org.rpb.pacs.node.NodeRole;
import org.rpb.pacs.node.PacsNode;
import org.rpb.pacs.node.PacsNodeAdminService;
import org.rpb.pacs.web.message.PageMessages;

/** The PACS nodes: list, add, edit, remove, and test the connection of the node in the form. */
@Named
@ViewScoped
public class NodesPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private PacsNodeAdminService nodes;

    @Inject
    private NodeTestService tests;

    private List<PacsNode> list = List.of();
    private Long id;
    private String name;
    private NodeRole role = NodeRole.CLINICAL;
    private String aeTitle;
    private String host = "127.0.0.1";
    private Integer port = 104;
    private String callingAeTitle = "RPBPACS";
    private Integer connectTimeoutMs = 5000;
    private Integer responseTimeoutMs = 30000;
    private String dicomwebUrl;
    private List<ConnectionCheck> checks = List.of();
    private String testedNode;

    @PostConstruct
    void init() {
        list = nodes.nodes();
    }

    /** Empties the form for a new node. */
    public void add() {
        id = null;
        name = null;
        role = NodeRole.CLINICAL;
        aeTitle = null;
        host = "127.0.0.1";
        port = 104;
        callingAeTitle = "RPBPACS";
        connectTimeoutMs = 5000;
        responseTimeoutMs = 30000;
        dicomwebUrl = null;
        checks = List.of();
    }

    /** Loads a node into the form. */
    public void edit(PacsNode n) {
        id = n.id();
        name = n.name();
        role = n.role();
        aeTitle = n.aeTitle();
        host = n.host();
        port = n.port();
        callingAeTitle = n.callingAeTitle();
        connectTimeoutMs = n.connectTimeoutMs();
        responseTimeoutMs = n.responseTimeoutMs();
        dicomwebUrl = n.dicomwebUrl();
        checks = List.of();
    }

    /** Stores the form as a new node or over the node being edited. */
    public void save() {
        PacsNode n = formNode();
        if (n == null) {
            return;
        }
        if (list.stream().anyMatch(o -> o.name().equalsIgnoreCase(n.name()) && !o.id().equals(id))) {
            Messages.create("Node not saved").detail("another node is already named " + n.name()).error().add();
            return;
        }
        try {
            PacsNode stored = id == null ? nodes.create(n) : nodes.update(n);
            id = stored.id();
            list = nodes.nodes();
            Messages.create("Node saved").detail(stored.name()).add();
        } catch (NodeNotFoundException e) {
            PageMessages.failure("Node not saved", e);
            list = nodes.nodes();
        } catch (jakarta.ejb.EJBException e) {
            Messages.create("Node not saved").detail("the server refused it; see its log").error().add();
            list = nodes.nodes();
        }
    }

    /** Removes a node. */
    public void remove(PacsNode n) {
        try {
            nodes.delete(n.id());
            Messages.create("Node removed").detail(n.name()).add();
            if (n.id().equals(id)) {
                add();
            }
        } catch (NodeNotFoundException e) {
            PageMessages.failure("Node not removed", e);
        }
        list = nodes.nodes();
    }

    /** Tests the configuration in the form (saved or not). */
    public void test() {
        PacsNode n = formNode();
        if (n == null) {
            checks = List.of();
            return;
        }
        checks = tests.test(n);
        testedNode = n.aeTitle() + "@" + n.host() + ":" + n.port();
    }

    /** Tests a listed node. */
    public void test(PacsNode n) {
        edit(n);
        test();
    }

    private PacsNode formNode() {
        try {
            return new PacsNode(id, name, role, aeTitle, host, port == null ? 0 : port, callingAeTitle,
                    connectTimeoutMs == null ? 0 : connectTimeoutMs, responseTimeoutMs == null ? 0 : responseTimeoutMs,
                    dicomwebUrl);
        } catch (IllegalArgumentException | NullPointerException e) {
            PageMessages.failure("Node not valid", e);
            return null;
        }
    }

    public List<PacsNode> getList() {
        return list;
    }

    public NodeRole[] getRoles() {
        return NodeRole.values();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public NodeRole getRole() {
        return role;
    }

    public void setRole(NodeRole role) {
        this.role = role;
    }

    public String getAeTitle() {
        return aeTitle;
    }

    public void setAeTitle(String aeTitle) {
        this.aeTitle = aeTitle;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getCallingAeTitle() {
        return callingAeTitle;
    }

    public void setCallingAeTitle(String callingAeTitle) {
        this.callingAeTitle = callingAeTitle;
    }

    public Integer getConnectTimeoutMs() {
        return connectTimeoutMs;
    }

    public void setConnectTimeoutMs(Integer connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    public Integer getResponseTimeoutMs() {
        return responseTimeoutMs;
    }

    public void setResponseTimeoutMs(Integer responseTimeoutMs) {
        this.responseTimeoutMs = responseTimeoutMs;
    }

    public String getDicomwebUrl() {
        return dicomwebUrl;
    }

    public void setDicomwebUrl(String dicomwebUrl) {
        this.dicomwebUrl = dicomwebUrl;
    }

    public List<ConnectionCheck> getChecks() {
        return checks;
    }

    public String getTestedNode() {
        return testedNode;
    }
}
