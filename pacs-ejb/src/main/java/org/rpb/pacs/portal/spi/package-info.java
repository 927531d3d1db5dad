/**
 * The integration SPI: interfaces the RPB portal implements to give the module what it owns.
 * <ul>
 *   <li>{@link org.rpb.pacs.portal.spi.PortalDirectory}: studies and sites open to a user, and the user's
 *       active study and site;</li>
 *   <li>{@link org.rpb.pacs.portal.spi.PortalStudyData}: a study's configuration and tags ({@code DICOM},
 *       Study0), sites, subjects with PID (and HIS patient ID in Study0), event definitions, event
 *       occurrences with repeat keys, their upload slots, and writing or clearing a slot's
 *       StudyInstanceUID.</li>
 * </ul>
 * Default implementations on the module's own tables live in {@code org.rpb.pacs.portal.internal}. The
 * portal replaces any of them with a CDI alternative enabled by priority, in a bean archive that pacs-ejb
 * sees (an EAR library), for example:
 * <pre>{@code
 * @Alternative @Priority(Interceptor.Priority.APPLICATION + 10) @ApplicationScoped
 * public class RpbPortalStudyData implements PortalStudyData { ... }
 * }</pre>
 * The services are not touched: they inject the interface and pass it the caller's active study and site.
 */
package org.rpb.pacs.portal.spi;
