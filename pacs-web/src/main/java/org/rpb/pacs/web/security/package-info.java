/** Log-out; log-in is the container's FORM authentication. */
package org.rpb.pacs.web.security;
