/** JPA entities of study records, their series and the slot history. */
package org.rpb.pacs.record.internal;
