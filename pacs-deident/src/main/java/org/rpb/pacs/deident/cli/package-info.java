/**
 * The command-line tool {@code pacs-deident-cli.jar}: {@link org.rpb.pacs.deident.cli.DeidentTool}.
 */
package org.rpb.pacs.deident.cli;
