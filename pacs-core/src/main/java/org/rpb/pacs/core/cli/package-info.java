/**
 * The command-line tool {@link org.rpb.pacs.core.cli.PacsDicomTool} ({@code pacs-dicom.jar}) and its
 * {@link org.rpb.pacs.core.cli.Command} registry: {@code dump} and {@code copy}, plus the network commands other
 * packages register.
 */
package org.rpb.pacs.core.cli;
