/** The session beans behind the EJB API; they delegate to the feature services, which apply roles and scope. */
package org.rpb.pacs.api.internal;
