/**
 * The default implementations of the portal SPI, on the module's own tables, and the loader of the
 * demo portal data. The RPB portal replaces them with its own.
 */
package org.rpb.pacs.portal.internal;
