package org.rpb.pacs.admin;

import java.util.List;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;

import org.rpb.pacs.audit.AuditLog;
import org.rpb.pacs.node.PacsNode;
import org.rpb.pacs.security.PacsUserRequired;
import org.rpb.pacs.security.Roles;

/** The "test connection" of the PACS node page, for administrators (who need {@code ROLE_PACS_USER}
 * too); each test is audited with its outcome. */
@Stateless
@Interceptors(PacsUserRequired.class)
@RolesAllowed(Roles.PACS_ADMIN)
public class NodeTestService {

    @Resource
    private SessionContext session;

    @Inject
    private AuditLog audit;

    private final NodeConnectionTester tester = new NodeConnectionTester();

    /**
     * @param node a node's configuration, saved or not
     * @return C-ECHO and, where a DICOMweb URL is set, QIDO-RS outcomes
     */
    public List<ConnectionCheck> test(PacsNode node) {
        List<ConnectionCheck> checks = tester.test(node);
        StringBuilder sb = new StringBuilder("connection test of ").append(node.aeTitle()).append('@')
                .append(node.host()).append(':').append(node.port()).append(':');
        checks.forEach(c -> sb.append(' ').append(c.name()).append(c.success() ? " ok" : " failed"));
        audit.configuration(session.getCallerPrincipal().getName(), sb.toString());
        return checks;
    }
}
