/**
 * The PixelMed adapter of {@code org.rpb.pacs.core.net}: PixelMed's association layer (PDU handling,
 * negotiation, command messages) with the DIMSE exchanges driven by our code. Nothing outside this
 * package imports PixelMed, so a dcm4che adapter could replace it.
 */
package org.rpb.pacs.core.net.pixelmed;
