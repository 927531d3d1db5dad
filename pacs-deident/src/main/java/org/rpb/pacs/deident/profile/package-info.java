/**
 * PS3.15 Annex E profile: Table E.1-1 ({@link org.rpb.pacs.deident.profile.ProfileTable}, edition 2024b
 * bundled), the option columns ({@link org.rpb.pacs.deident.profile.Option}), action codes and the
 * resolution of compound codes ({@link org.rpb.pacs.deident.profile.CompoundResolver}), and the text cleaner
 * of the Clean Descriptors option ({@link org.rpb.pacs.deident.profile.TextCleaner}).
 */
package org.rpb.pacs.deident.profile;
