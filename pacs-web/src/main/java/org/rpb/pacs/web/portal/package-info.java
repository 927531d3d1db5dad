/** The top bar: the user's active study and site. */
package org.rpb.pacs.web.portal;
