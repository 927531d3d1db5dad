/** The module's start page. */
package org.rpb.pacs.web.home;
