/**
 * Internal JSON support: a reader that keeps line numbers (for rule file errors and table loading) and
 * string quoting for the manifest. Not meant as a general JSON library.
 */
package org.rpb.pacs.deident.json;
