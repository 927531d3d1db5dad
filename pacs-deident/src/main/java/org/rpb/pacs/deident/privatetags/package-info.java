/**
 * The safe-private list used by the Retain Safe Private option (TCIA private tag knowledge base):
 * {@link org.rpb.pacs.deident.privatetags.PrivateTagKnowledgeBase}.
 */
package org.rpb.pacs.deident.privatetags;
