/**
 * The module's C-STORE receiver inside the application server (the C-MOVE destination of staging
 * jobs), running on the server's managed executor.
 */
package org.rpb.pacs.receiver;
