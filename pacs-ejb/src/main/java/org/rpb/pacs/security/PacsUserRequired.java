package org.rpb.pacs.security;

import java.io.Serializable;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.SessionContext;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;

/**
 * Requires {@link Roles#PACS_USER} in addition to a bean's {@code @RolesAllowed}: {@code @RolesAllowed} grants a
 * method to any one of its roles, while every service of the module needs {@code ROLE_PACS_USER} as well. Services
 * that work in the caller's active study get that from {@link org.rpb.pacs.portal.ActiveScopeService} (which needs
 * it); beans without a scope (the PACS nodes, their connection test) name this interceptor with
 * {@code @Interceptors(PacsUserRequired.class)}.
 */
public class PacsUserRequired implements Serializable {

    private static final long serialVersionUID = 1L;

    @Resource
    private SessionContext session;

    @AroundInvoke
    Object requirePacsUser(InvocationContext call) throws Exception {
        if (!session.isCallerInRole(Roles.PACS_USER)) {
            throw new EJBAccessException(call.getMethod().getDeclaringClass().getSimpleName() + "."
                    + call.getMethod().getName() + " needs the role " + Roles.PACS_USER);
        }
        return call.proceed();
    }
}
