/** The module's start page service. */
package org.rpb.pacs.home;
