/** Server tests of the EJB API, called from a separate deployment as another RPB module would. */
package org.rpb.pacs.it.api;
