/**
 * What the module knows of the RPB portal: studies, sites, the user's active study and site
 * ({@link org.rpb.pacs.portal.ActiveScopeService}), and the subjects, events and upload slots of the
 * active study and site ({@link org.rpb.pacs.portal.SubjectService}). The portal's data come through the
 * {@link org.rpb.pacs.portal.spi SPI}; the services here apply the rule that a user works only inside the
 * active study and site, whatever IDs are passed in.
 */
package org.rpb.pacs.portal;
