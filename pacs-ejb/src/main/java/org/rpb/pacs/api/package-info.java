/**
 * The module's EJB API for other RPB modules (EDC, portal pages of other modules).
 *
 * <p>Each service has a plain contract interface, a {@code @Local} view for callers in the same
 * application and a {@code @Remote} view for other deployments on the server (or remote clients). The
 * global JNDI names, as the EAR {@code pacs} with module {@code pacs-ejb} deploys them:
 * <ul>
 *   <li>{@value org.rpb.pacs.api.PacsStudiesRemote#JNDI_NAME}</li>
 *   <li>{@value org.rpb.pacs.api.PacsStudiesLocal#JNDI_NAME}</li>
 *   <li>{@value org.rpb.pacs.api.PacsJobsRemote#JNDI_NAME}</li>
 *   <li>{@value org.rpb.pacs.api.PacsJobsLocal#JNDI_NAME}</li>
 *   <li>{@value org.rpb.pacs.api.PacsDeidentificationRemote#JNDI_NAME}</li>
 *   <li>{@value org.rpb.pacs.api.PacsDeidentificationLocal#JNDI_NAME}</li>
 * </ul>
 * Calls run as the calling user (the caller's security identity propagates): the same roles apply as on
 * the pages, and every answer is limited to the caller's active study and site. Results are serialisable
 * records; no method returns a key or any other secret.
 */
package org.rpb.pacs.api;
