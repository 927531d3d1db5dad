package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationDataValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reassembles DIMSE messages from P-DATA PDUs and hands complete ones to a {@link Listener}. Unlike
 * PixelMed's own response handlers it handles both responses and C-STORE requests (C-GET), and it
 * streams C-STORE data sets to a sink instead of collecting them in memory.
 */
final class MessageHandler extends CompositeResponseHandler {

    /** Receives complete messages; runs on the thread that waits on the association. */
    interface Listener {
        /**
         * A response (or other message) is complete.
         *
         * @return true when the operation is finished
         */
        boolean message(byte pcid, AttributeList command, byte[] dataSet) throws Exception;

        /** A C-STORE-RQ command arrived; return where its data set goes. */
        DataSink storeRequest(byte pcid, AttributeList command) throws Exception;
    }

    /** Where a C-STORE data set is streamed. */
    interface DataSink {
        void write(byte[] fragment) throws IOException;

        /** The last fragment arrived. @return true when the operation is finished */
        boolean complete() throws Exception;
    }

    private static final int C_STORE_RQ = 0x0001;
    private static final int NO_DATA_SET = 0x0101;

    private final Listener listener;
    private final ByteArrayOutputStream commandBytes = new ByteArrayOutputStream(256);
    private ByteArrayOutputStream dataBytes;
    private DataSink sink;
    private AttributeList pendingCommand;
    private byte pendingPcid;
    private Exception failure;

    MessageHandler(Listener listener) {
        this.listener = listener;
    }

    /** @return an exception the listener threw, which ended the wait */
    Exception failure() {
        return failure;
    }

    @Override
    public void sendPDataIndication(PDataPDU pdu, Association association)
            throws DicomNetworkException, DicomException, IOException {
        for (Object o : pdu.getPDVList()) {
            PresentationDataValue pdv = (PresentationDataValue) o;
            try {
                if (pdv.isCommand()) {
                    commandBytes.write(pdv.getValue());
                    if (pdv.isLastFragment()) {
                        commandComplete(pdv.getPresentationContextID());
                    }
                } else {
                    if (pendingCommand == null) {
                        throw new DicomNetworkException("data set fragment without a command");
                    }
                    if (sink != null) {
                        sink.write(pdv.getValue());
                    } else {
                        dataBytes.write(pdv.getValue());
                    }
                    if (pdv.isLastFragment()) {
                        boolean done;
                        if (sink != null) {
                            DataSink s = sink;
                            sink = null;
                            pendingCommand = null;
                            done = s.complete();
                        } else {
                            AttributeList cmd = pendingCommand;
                            pendingCommand = null;
                            byte[] data = dataBytes.toByteArray();
                            dataBytes = null;
                            done = listener.message(pendingPcid, cmd, data);
                        }
                        if (done) {
                            setDone(true);
                        }
                    }
                }
            } catch (DicomNetworkException | DicomException | IOException e) {
                throw e;
            } catch (Exception e) {
                failure = e;
                setDone(true);
                return;
            }
        }
    }

    private void commandComplete(byte pcid) throws Exception {
        AttributeList cmd = PixelmedSupport.command(commandBytes.toByteArray());
        commandBytes.reset();
        int field = PixelmedSupport.intValue(cmd, TagFromName.CommandField, -1);
        int dataSetType = PixelmedSupport.intValue(cmd, TagFromName.CommandDataSetType, NO_DATA_SET);
        if (dataSetType == NO_DATA_SET) {
            if (listener.message(pcid, cmd, null)) {
                setDone(true);
            }
            return;
        }
        pendingCommand = cmd;
        pendingPcid = pcid;
        if (field == C_STORE_RQ) {
            sink = listener.storeRequest(pcid, cmd);
        } else {
            dataBytes = new ByteArrayOutputStream(1024);
        }
    }

    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList list) {
        // not used: sendPDataIndication is overridden
    }
}
