package org.rpb.pacs.core.net.pixelmed;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * An accepted socket whose first bytes (the A-ASSOCIATE-RQ our code already read to check the
 * calling AE title) are replayed to PixelMed before the rest of the stream, and whose output tells
 * when PixelMed has answered an A-RELEASE-RQ. Delegates everything else to the real socket,
 * including TCP_NODELAY, which stays on.
 */
final class ReplaySocket extends Socket {
    private final Socket delegate;
    private final InputStream in;
    private final OutputStream out;

    /**
     * @param onReleased run once, in the writing thread, when an A-RELEASE-RP PDU has been written:
     *                   the association is released, only the transport connection remains
     */
    ReplaySocket(Socket delegate, byte[] alreadyRead, Runnable onReleased) throws IOException {
        this.delegate = delegate;
        this.in = new SequenceInputStream(new ByteArrayInputStream(alreadyRead), delegate.getInputStream());
        this.out = new ReleaseWatch(delegate.getOutputStream(), onReleased);
    }

    @Override public InputStream getInputStream() { return in; }
    @Override public OutputStream getOutputStream() { return out; }
    @Override public synchronized void close() throws IOException { delegate.close(); }
    @Override public boolean isClosed() { return delegate.isClosed(); }
    @Override public boolean isConnected() { return delegate.isConnected(); }
    @Override public boolean isBound() { return delegate.isBound(); }
    @Override public InetAddress getInetAddress() { return delegate.getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return delegate.getLocalAddress(); }
    @Override public int getPort() { return delegate.getPort(); }
    @Override public int getLocalPort() { return delegate.getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return delegate.getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return delegate.getLocalSocketAddress(); }
    @Override public void setTcpNoDelay(boolean on) throws SocketException { delegate.setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return delegate.getTcpNoDelay(); }
    @Override public void setSoLinger(boolean on, int linger) throws SocketException { delegate.setSoLinger(on, linger); }
    @Override public int getSoLinger() throws SocketException { return delegate.getSoLinger(); }
    @Override public synchronized void setSoTimeout(int timeout) throws SocketException { delegate.setSoTimeout(timeout); }
    @Override public synchronized int getSoTimeout() throws SocketException { return delegate.getSoTimeout(); }
    @Override public synchronized void setSendBufferSize(int size) throws SocketException { delegate.setSendBufferSize(size); }
    @Override public synchronized int getSendBufferSize() throws SocketException { return delegate.getSendBufferSize(); }
    @Override public synchronized void setReceiveBufferSize(int size) throws SocketException { delegate.setReceiveBufferSize(size); }
    @Override public synchronized int getReceiveBufferSize() throws SocketException { return delegate.getReceiveBufferSize(); }
    @Override public void setKeepAlive(boolean on) throws SocketException { delegate.setKeepAlive(on); }
    @Override public boolean getKeepAlive() throws SocketException { return delegate.getKeepAlive(); }
    @Override public void shutdownInput() throws IOException { delegate.shutdownInput(); }
    @Override public void shutdownOutput() throws IOException { delegate.shutdownOutput(); }
    @Override public boolean isInputShutdown() { return delegate.isInputShutdown(); }
    @Override public boolean isOutputShutdown() { return delegate.isOutputShutdown(); }
    @Override public String toString() { return delegate.toString(); }

    /**
     * Passes the acceptor's PDUs through unchanged while following their boundaries (6-byte header:
     * type, reserved, 32-bit big-endian length), so that an A-RELEASE-RP (type 6) is recognised by
     * its place in the stream, never by bytes inside a P-DATA value.
     */
    private static final class ReleaseWatch extends FilterOutputStream {
        private static final int A_RELEASE_RP = 0x06;
        private final byte[] header = new byte[6];
        private final Runnable onReleased;
        private int headerFill;
        private long bodyLeft;

        ReleaseWatch(OutputStream out, Runnable onReleased) {
            super(out);
            this.onReleased = onReleased;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            track(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            track(b, off, len);
        }

        private void track(byte[] b, int off, int len) {
            int i = off;
            int end = off + len;
            while (i < end) {
                if (bodyLeft > 0) {
                    int skip = (int) Math.min(bodyLeft, end - i);
                    bodyLeft -= skip;
                    i += skip;
                } else {
                    header[headerFill++] = b[i++];
                    if (headerFill < header.length) {
                        continue;
                    }
                    headerFill = 0;
                    bodyLeft = (header[2] & 0xFFL) << 24 | (header[3] & 0xFFL) << 16 | (header[4] & 0xFFL) << 8
                            | (header[5] & 0xFFL);
                }
                if (bodyLeft == 0 && headerFill == 0 && (header[0] & 0xFF) == A_RELEASE_RP) {
                    header[0] = 0;
                    onReleased.run();
                }
            }
        }
    }
}
