package org.rpb.pacs.node;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.node.internal.PacsNodeEntity;
import org.rpb.pacs.security.Roles;

/** Reading the PACS node configuration, for every module user (the workflows need to know the nodes). */
@Stateless
public class PacsNodeService {

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    /** All nodes, by role and name. */
    @RolesAllowed(Roles.PACS_USER)
    public List<PacsNode> nodes() {
        return em.createQuery("select n from PacsNodeEntity n order by n.role, n.name", PacsNodeEntity.class)
                .getResultList().stream().map(PacsNodeEntity::toNode).toList();
    }

    /**
     * The AE titles of all configured nodes, for the module's DICOM receiver, which accepts only them as calling
     * peers. Static, not a business method: the receiver asks on its own threads, without a caller, through its
     * own entity manager (the titles name no patient).
     *
     * @param em an entity manager of the {@code pacs} unit
     * @return the AE titles
     */
    public static Set<String> aeTitles(EntityManager em) {
        return Set.copyOf(em.createQuery("select n.aeTitle from PacsNodeEntity n", String.class).getResultList());
    }

    /** The first node (by name) with the role, if one is configured. */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<PacsNode> node(NodeRole role) {
        return nodes().stream().filter(n -> n.role() == role).findFirst();
    }
}
