/** Database infrastructure: schema migrations. */
package org.rpb.pacs.persistence;
