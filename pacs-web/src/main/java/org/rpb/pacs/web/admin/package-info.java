/** Administration pages (ROLE_PACS_ADMIN): de-identification profile with live preview, ROI vocabulary. */
package org.rpb.pacs.web.admin;
