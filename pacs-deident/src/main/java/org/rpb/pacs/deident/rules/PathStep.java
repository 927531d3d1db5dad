package org.rpb.pacs.deident.rules;

/**
 * One step of the concrete path of an attribute in a data set: the tag, the private creator of its block (for
 * private elements), and, for a step into a sequence, the 0-based item index.
 *
 * @param tag the tag
 * @param creator the private creator, or null
 * @param item the item index for sequence steps, -1 for the last step
 */
public record PathStep(int tag, String creator, int item) {
}
