/**
 * The audit trail: who did what, when, on which subject (by PID), study and series (by UID).
 *
 * <p>Services write events through {@link org.rpb.pacs.audit.AuditLog} in their own transaction, so an event
 * exists exactly when the change it records was committed. Events never hold names or HIS patient IDs.
 * Administrators read them through {@link org.rpb.pacs.audit.AuditService}, filtered and paged, within their
 * active study and site.
 */
package org.rpb.pacs.audit;
