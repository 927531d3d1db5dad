/** Server tests of the module's DICOMweb service with real clients: curl, Orthanc, pacs-core's DicomWebClient, pydicom. */
package org.rpb.pacs.it.dicomweb;
