/** JPA entity of the audit trail. */
package org.rpb.pacs.audit.internal;
