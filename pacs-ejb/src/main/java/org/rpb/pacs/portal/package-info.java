/**
 * What the module knows of the RPB portal: studies, sites and the user's active study and site.
 * The portal's data come through the {@link org.rpb.pacs.portal.spi SPI}; the services here apply
 * the rule that a user works only inside the active study and site.
 */
package org.rpb.pacs.portal;
