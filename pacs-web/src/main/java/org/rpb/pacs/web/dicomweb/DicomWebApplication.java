package org.rpb.pacs.web.dicomweb;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jakarta REST root of the DICOMweb service: {@code /dicomweb/*} of the module's context. */
@ApplicationPath("dicomweb")
public class DicomWebApplication extends Application {
}
