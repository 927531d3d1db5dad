package org.rpb.pacs.web.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.ejb.EJBAccessException;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.Operation;
import org.rpb.pacs.node.ArchiveUnavailableException;
import org.rpb.pacs.node.NodeNotFoundException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.staging.job.StagingRefusedException;
import org.rpb.pacs.upload.SlotNotFoundException;
import org.rpb.pacs.upload.UploadFailedException;

class FailureMessagesTest {

    @Test
    void aRefusalIsAWarningWithTheServicesOwnText() {
        PageMessage m = FailureMessages.of(null, new SlotNotFoundException("upload slot 12"));
        assertEquals(PageMessage.Severity.WARN, m.severity());
        assertEquals("upload slot 12 is not in your active study and site", m.summary());
        assertNull(m.detail());
        assertEquals(PageMessage.Severity.WARN, FailureMessages.of(null, new StagingRefusedException("no")).severity(),
                "a staging refusal is a job refusal");
        assertEquals(PageMessage.Severity.WARN, FailureMessages.of(null, new NoActiveScopeException()).severity());
    }

    @Test
    void theActionIsTheFirstLineAndTheFailureTheSecond() {
        PageMessage m = FailureMessages.of("Node not removed", new NodeNotFoundException("with ID 7"));
        assertEquals("Node not removed", m.summary());
        assertEquals("No PACS node with ID 7", m.detail());
    }

    @Test
    void anArchiveThatDoesNotAnswerIsAnErrorThatNamesNoHost() {
        DicomNetworkException network = new DicomNetworkException("RESEARCH@10.1.2.3:104", Operation.FIND,
                DicomStatus.NONE, "connection refused", null);
        PageMessage m = FailureMessages.of(null, new ArchiveUnavailableException("the research PACS", network));
        assertEquals(PageMessage.Severity.ERROR, m.severity());
        assertTrue(m.summary().startsWith("The research PACS did not answer"), m.summary());
        assertFalse(m.summary().contains("10.1.2.3"), m.summary());
    }

    @Test
    void anUploadFailureShowsItsMessageNamingTheFile() {
        PageMessage m = FailureMessages.of(null, new UploadFailedException("scans.zip: the ZIP archive holds no file"));
        assertEquals(PageMessage.Severity.ERROR, m.severity());
        assertEquals("scans.zip: the ZIP archive holds no file", m.summary());
    }

    @Test
    void theContainersAccessRefusalIsNotShown() {
        PageMessage m = FailureMessages.of(null, new EJBAccessException(
                "WFLYEJB0364: Invocation on method: public long org.rpb.pacs.upload.UploadSessionBean.confirm() of bean"
                        + " UploadSessionBean is not allowed"));
        assertEquals(PageMessage.Severity.WARN, m.severity());
        assertEquals(FailureMessages.NOT_ALLOWED, m.summary());
    }

    @Test
    void aServerFaultShowsAFixedTextAndLogsClassNamesButNoMessage() {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(FailureMessages.class.getName());
        log.addHandler(capture);
        try {
            IOException disk = new IOException("/srv/tmp/pacs-upload/Mueller^Hans/IMG1.dcm: No space left on device");
            PageMessage m = FailureMessages.of("Not saved", new IllegalStateException("upload of Mueller^Hans", disk));
            assertEquals(PageMessage.Severity.ERROR, m.severity());
            assertEquals("Not saved", m.summary());
            assertEquals(FailureMessages.SERVER_FAULT, m.detail());
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(1, logged.size());
        String line = logged.get(0).getMessage();
        assertTrue(line.contains("java.lang.IllegalStateException <- java.io.IOException"), line);
        assertFalse(line.contains("Mueller"), "no message of the failure reaches the log: " + line);
        assertNull(logged.get(0).getThrown(), "no stack trace (its messages could hold patient data)");
    }

    @Test
    void formValidationShowsWhatIsWrong() {
        PageMessage m = FailureMessages.of("Node not valid",
                new IllegalArgumentException("aeTitle has a character not allowed in an AE title at position 4"));
        assertEquals(PageMessage.Severity.ERROR, m.severity());
        assertEquals("aeTitle has a character not allowed in an AE title at position 4", m.detail());
        assertEquals("name is required", FailureMessages.of(null, new NullPointerException("name")).summary(),
                "Objects.requireNonNull(name, \"name\") of a value object");
        assertEquals(FailureMessages.SERVER_FAULT, FailureMessages.of(null,
                new NullPointerException("Cannot invoke \"String.trim()\" because \"<local1>\" is null")).summary(),
                "a null in the server's code is a fault, not a form field");
    }

    @Test
    void aFailureWithoutTextGetsTheFixedText() {
        assertEquals(FailureMessages.SERVER_FAULT, FailureMessages.of(null, new UploadFailedException(" ")).summary());
    }
}
