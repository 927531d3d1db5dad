/** Role names shared by the container's security constraints, the EJBs and the pages. */
package org.rpb.pacs.security;
