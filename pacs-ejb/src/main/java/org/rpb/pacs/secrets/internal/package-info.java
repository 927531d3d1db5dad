/** JPA entity of the encrypted project keys; used only by {@link org.rpb.pacs.secrets.ProjectKeys}. */
package org.rpb.pacs.secrets.internal;
