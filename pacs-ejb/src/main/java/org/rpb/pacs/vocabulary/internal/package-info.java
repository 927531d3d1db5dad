/** Persistence of the projects' ROI mapping rules (tables of migration V30); not for use outside the package. */
package org.rpb.pacs.vocabulary.internal;
