/**
 * Radiotherapy object references read from the data: which instances and series an RT Structure
 * Set, Plan, Dose or Image points to, and the series graph of a set of instances. Used to select
 * referenced series together and to check that references resolve after de-identification.
 */
package org.rpb.pacs.core.rt;
