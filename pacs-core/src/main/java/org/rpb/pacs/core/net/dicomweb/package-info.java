/**
 * DICOMweb client (QIDO-RS, WADO-RS, STOW-RS) on the JDK HttpClient and Jakarta JSON-P (Parsson at
 * run time); multipart bodies are streamed in both directions.
 */
package org.rpb.pacs.core.net.dicomweb;
