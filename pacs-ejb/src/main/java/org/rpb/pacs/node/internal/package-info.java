/** JPA entity of the PACS node configuration. */
package org.rpb.pacs.node.internal;
