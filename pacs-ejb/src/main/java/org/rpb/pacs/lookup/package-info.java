/**
 * Lookup of Study0 patients in the clinical PACS (by PID, HIS patient ID or Study0 subject ID, one or
 * a pasted list, with suggestions that never hold HIS IDs), with the module's records of their Study0 and
 * project copies; the detail of one clinical study with the RT reference tree read from its RT objects;
 * and the Study0 copies a project copy is made from.
 */
package org.rpb.pacs.lookup;
