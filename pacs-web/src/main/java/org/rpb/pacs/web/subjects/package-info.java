/** Pages of the subjects of the active study and site, their events and upload slots (workflow 1). */
package org.rpb.pacs.web.subjects;
