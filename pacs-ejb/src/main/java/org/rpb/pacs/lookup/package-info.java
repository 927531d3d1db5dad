/**
 * Lookup of Study0 patients in the clinical PACS (by PID, HIS patient ID or Study0 subject ID, one or
 * a pasted list), with the module's records of their Study0 and project copies.
 */
package org.rpb.pacs.lookup;
