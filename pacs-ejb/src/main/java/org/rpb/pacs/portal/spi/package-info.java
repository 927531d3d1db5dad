/**
 * The integration SPI: interfaces the RPB portal implements to give the module its studies,
 * sites, users, subjects and events. Default implementations live in
 * {@code org.rpb.pacs.portal.internal}.
 */
package org.rpb.pacs.portal.spi;
