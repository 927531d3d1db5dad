/** Server tests of the portal SPI: replacing the default implementation with a CDI alternative. */
package org.rpb.pacs.it.portal;
