package org.rpb.pacs.node;

import java.util.List;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.audit.AuditLog;
import org.rpb.pacs.node.internal.PacsNodeEntity;
import org.rpb.pacs.security.PacsUserRequired;
import org.rpb.pacs.security.Roles;

/** Creating, changing and removing PACS nodes, for administrators (who need {@code ROLE_PACS_USER} too); every change is audited. */
@Stateless
@Interceptors(PacsUserRequired.class)
public class PacsNodeAdminService {

    @Resource
    private SessionContext session;

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @Inject
    private AuditLog audit;

    /** All nodes, by role and name. */
    @RolesAllowed(Roles.PACS_ADMIN)
    public List<PacsNode> nodes() {
        return em.createQuery("select n from PacsNodeEntity n order by n.role, n.name", PacsNodeEntity.class)
                .getResultList().stream().map(PacsNodeEntity::toNode).toList();
    }

    /** Stores a new node (its {@code id} is ignored) and returns it with its ID. */
    @RolesAllowed(Roles.PACS_ADMIN)
    public PacsNode create(PacsNode node) {
        PacsNodeEntity e = new PacsNodeEntity(node);
        em.persist(e);
        em.flush();
        PacsNode stored = e.toNode();
        audit.configuration(caller(), "PACS node " + stored.id() + " created: " + describe(stored));
        return stored;
    }

    /**
     * Replaces the configuration of the node with {@code node.id()}.
     *
     * @throws NodeNotFoundException if there is no such node
     */
    @RolesAllowed(Roles.PACS_ADMIN)
    public PacsNode update(PacsNode node) throws NodeNotFoundException {
        PacsNodeEntity e = node.id() == null ? null : em.find(PacsNodeEntity.class, node.id());
        if (e == null) {
            throw new NodeNotFoundException("with ID " + node.id());
        }
        e.update(node);
        audit.configuration(caller(), "PACS node " + node.id() + " changed: " + describe(node));
        return e.toNode();
    }

    /**
     * Removes a node.
     *
     * @throws NodeNotFoundException if there is no such node
     */
    @RolesAllowed(Roles.PACS_ADMIN)
    public void delete(long id) throws NodeNotFoundException {
        PacsNodeEntity e = em.find(PacsNodeEntity.class, id);
        if (e == null) {
            throw new NodeNotFoundException("with ID " + id);
        }
        em.remove(e);
        audit.configuration(caller(), "PACS node " + id + " removed");
    }

    private static String describe(PacsNode n) {
        return n.role() + " " + n.aeTitle() + "@" + n.host() + ":" + n.port();
    }

    private String caller() {
        return session.getCallerPrincipal().getName();
    }
}
