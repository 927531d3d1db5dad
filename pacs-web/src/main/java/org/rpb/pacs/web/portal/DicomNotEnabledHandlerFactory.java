package org.rpb.pacs.web.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.logging.Logger;

import jakarta.faces.FacesException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;

import org.rpb.pacs.portal.DicomNotEnabledException;

/**
 * Sends a page opened while the active study does not collect DICOM data (a bookmark or a direct link to a subject,
 * upload or administration page) to the home page, which explains why the module offers nothing in that study,
 * instead of the 500 error page. Logged as one line without a stack trace: it is no server fault. Registered in
 * {@code faces-config.xml}.
 */
public class DicomNotEnabledHandlerFactory extends ExceptionHandlerFactory {

    private static final Logger LOG = Logger.getLogger(DicomNotEnabledHandlerFactory.class.getName());

    /** @param wrapped the handler this one hands every other exception to */
    public DicomNotEnabledHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new Handler(getWrapped().getExceptionHandler());
    }

    private static final class Handler extends ExceptionHandlerWrapper {

        Handler(ExceptionHandler wrapped) {
            super(wrapped);
        }

        @Override
        public void handle() throws FacesException {
            Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
            while (events.hasNext()) {
                DicomNotEnabledException notDicom = find(events.next().getContext().getException());
                if (notDicom == null) {
                    continue;
                }
                events.remove();
                FacesContext faces = FacesContext.getCurrentInstance();
                ExternalContext external = faces.getExternalContext();
                LOG.info(() -> "page " + external.getRequestServletPath() + " opened while study "
                        + notDicom.studyCode() + " (no DICOM) is active: sent to the home page");
                if (!external.isResponseCommitted()) {
                    try {
                        external.redirect(external.getRequestContextPath() + "/index.xhtml");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                faces.responseComplete();
            }
            getWrapped().handle();
        }

        private static DicomNotEnabledException find(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof DicomNotEnabledException d) {
                    return d;
                }
            }
            return null;
        }
    }
}
