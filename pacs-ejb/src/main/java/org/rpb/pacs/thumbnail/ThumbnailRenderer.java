package org.rpb.pacs.thumbnail;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.rt.InstanceReferences;

/**
 * Renders the thumbnail of one DICOM instance on the server. Uncompressed monochrome images (8 to 16 bits,
 * signed or not) are rendered with the modality rescale and the first window of the file (or the range of the
 * pixel values when the file has none), the first frame, scaled down to fit a square. Compressed or colour pixel
 * data gives a placeholder naming the transfer syntax; RT objects give their labels and references instead of a
 * picture. Reads only the rows of the first frame it samples, one row at a time: memory is bounded by the
 * thumbnail, not by Rows x Columns; frames above {@link #MAX_PIXELS} get a placeholder. Immutable and thread-safe.
 */
public final class ThumbnailRenderer {

    private static final Tag ROWS = Tag.of(0x00280010);
    private static final Tag COLUMNS = Tag.of(0x00280011);
    private static final Tag SAMPLES = Tag.of(0x00280002);
    private static final Tag PHOTOMETRIC = Tag.of(0x00280004);
    private static final Tag BITS_ALLOCATED = Tag.of(0x00280100);
    private static final Tag BITS_STORED = Tag.of(0x00280101);
    private static final Tag PIXEL_REPRESENTATION = Tag.of(0x00280103);
    private static final Tag WINDOW_CENTER = Tag.of(0x00281050);
    private static final Tag WINDOW_WIDTH = Tag.of(0x00281051);
    private static final Tag RESCALE_INTERCEPT = Tag.of(0x00281052);
    private static final Tag RESCALE_SLOPE = Tag.of(0x00281053);
    private static final Tag PIXEL_DATA = Tag.of(0x7FE00010);
    private static final Tag STRUCTURE_SET_ROI_SEQUENCE = Tag.of(0x30060020);
    private static final Tag ROI_NAME = Tag.of(0x30060026);
    private static final Tag STRUCTURE_SET_LABEL = Tag.of(0x30060002);
    private static final Tag RT_PLAN_LABEL = Tag.of(0x300A0002);
    private static final Tag BEAM_SEQUENCE = Tag.of(0x300A00B0);
    private static final Tag BEAM_NAME = Tag.of(0x300A00C2);
    private static final Tag DOSE_TYPE = Tag.of(0x30040004);
    private static final Tag DOSE_UNITS = Tag.of(0x30040002);
    private static final Tag DOSE_SUMMATION_TYPE = Tag.of(0x3004000A);
    private static final Tag RT_IMAGE_LABEL = Tag.of(0x30020002);

    /**
     * Frames with more pixels than this (Rows x Columns, here 8192 x 8192) get a placeholder instead of a picture:
     * reading is subsampled, so memory stays bounded by the thumbnail and one source row whatever the size, but
     * the time to skip through a larger frame is not worth a thumbnail.
     */
    public static final long MAX_PIXELS = 8192L * 8192;

    private final int size;
    private final DicomReader reader;

    private ThumbnailRenderer(int size) {
        this.size = size;
        this.reader = DicomReader.create();
    }

    /**
     * @param size the edge of the square the picture must fit into, in pixels (16 to 1024)
     * @return a renderer
     */
    public static ThumbnailRenderer ofSize(int size) {
        if (size < 16 || size > 1024) {
            throw new IllegalArgumentException("thumbnail size " + size + " is not within 16..1024");
        }
        return new ThumbnailRenderer(size);
    }

    /**
     * @param file a DICOM Part 10 file
     * @return its thumbnail
     * @throws IOException when the file cannot be read (the codec's exception names file, offset and tag)
     */
    public Thumbnail render(Path file) throws IOException {
        DicomFile dicom = reader.read(file);
        DataSet ds = dicom.dataSet();
        InstanceReferences refs = InstanceReferences.of(ds);
        if (refs.isRt() && !"RTIMAGE".equals(refs.modality())) {
            return rt(ds, refs);
        }
        DataElement pixels = ds.get(PIXEL_DATA);
        if (pixels == null) {
            return placeholder("no pixel data", refs.modality());
        }
        TransferSyntax ts = dicom.transferSyntax();
        if (ts.encapsulated() || pixels.isFragments()) {
            return placeholder("compressed: " + ts.name(), refs.modality());
        }
        String photometric = trim(ds.getString(PHOTOMETRIC));
        int samples = ds.getInt(SAMPLES, 1);
        if (samples != 1 || !(photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"))) {
            return placeholder("not rendered: " + (photometric.isEmpty() ? "no photometric interpretation"
                    : photometric), refs.modality());
        }
        if (!pixels.isBulkData() && !pixels.isBytes()) {
            return placeholder("not rendered: (7FE0,0010) Pixel Data holds no value", refs.modality());
        }
        long rows = ds.getInt(ROWS, 0);
        long columns = ds.getInt(COLUMNS, 0);
        if (rows <= 0 || columns <= 0 || rows > 0xFFFF || columns > 0xFFFF) {
            throw new IOException(file.getFileName() + ": image pixel module not renderable (Rows " + rows
                    + ", Columns " + columns + ")");
        }
        if (rows * columns > MAX_PIXELS) {
            return placeholder("not rendered: " + rows + " x " + columns + " pixels, more than the " + MAX_PIXELS
                    + " a thumbnail is made of", refs.modality());
        }
        return new Thumbnail(Thumbnail.Kind.IMAGE, png(monochrome(ds, pixels, photometric.equals("MONOCHROME1"),
                file, (int) rows, (int) columns)), refs.modality(), List.of(), 0);
    }

    private BufferedImage monochrome(DataSet ds, DataElement pixels, boolean inverted, Path file, int rows,
                                     int columns) throws IOException {
        int allocated = ds.getInt(BITS_ALLOCATED, 0);
        int stored = ds.getInt(BITS_STORED, allocated);
        boolean signed = ds.getInt(PIXEL_REPRESENTATION, 0) == 1;
        if ((allocated != 8 && allocated != 16) || stored < 1 || stored > allocated) {
            throw new IOException(file.getFileName() + ": image pixel module not renderable (Rows " + rows
                    + ", Columns " + columns + ", Bits Allocated " + allocated + ", Bits Stored " + stored + ")");
        }
        int bytesPerPixel = allocated / 8;
        long rowBytes = (long) columns * bytesPerPixel;
        long frameBytes = rowBytes * rows;
        if (pixels.length() < frameBytes) {
            throw new IOException(file.getFileName() + ": (7FE0,0010) Pixel Data holds " + pixels.length()
                    + " bytes, one frame needs " + frameBytes);
        }
        double slope = number(ds.getString(RESCALE_SLOPE), 1);
        double intercept = number(ds.getString(RESCALE_INTERCEPT), 0);
        double scale = Math.max(rows, columns) > size ? (double) size / Math.max(rows, columns) : 1;
        int w = Math.max(1, (int) Math.round(columns * scale));
        int h = Math.max(1, (int) Math.round(rows * scale));
        // only the sampled pixels are kept: memory is bounded by the output (w x h) and one source row
        double[] values = new double[w * h];
        byte[] row = new byte[(int) rowBytes];
        ByteBuffer buf = ByteBuffer.wrap(row).order(pixels.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int mask = (1 << stored) - 1;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        try (InputStream in = pixels.isBulkData() ? pixels.bulkData().openStream()
                : new ByteArrayInputStream(pixels.bytes())) {
            long position = 0;
            for (int y = 0; y < h; y++) {
                int sy = Math.min(rows - 1, (int) (y / scale));
                in.skipNBytes(sy * rowBytes - position);
                new DataInputStream(in).readFully(row);
                position = (sy + 1) * rowBytes;
                for (int x = 0; x < w; x++) {
                    int sx = Math.min(columns - 1, (int) (x / scale));
                    int raw = bytesPerPixel == 1 ? row[sx] & 0xFF : buf.getShort(sx * 2) & 0xFFFF;
                    raw &= mask;
                    if (signed && (raw & (1 << (stored - 1))) != 0) {
                        raw -= 1 << stored;
                    }
                    double v = raw * slope + intercept;
                    values[y * w + x] = v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double center = number(first(ds.getString(WINDOW_CENTER)), Double.NaN);
        double width = number(first(ds.getString(WINDOW_WIDTH)), Double.NaN);
        if (Double.isNaN(center) || Double.isNaN(width) || width < 1) {
            center = (min + max) / 2;
            width = Math.max(1, max - min);
        }
        double low = center - width / 2;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < out.length; i++) {
            double v = (values[i] - low) / width;
            int g = (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
            out[i] = (byte) (inverted ? 255 - g : g);
        }
        return img;
    }

    private Thumbnail rt(DataSet ds, InstanceReferences refs) {
        List<String> labels = new ArrayList<>();
        String note = refs.modality();
        switch (refs.modality()) {
            case "RTSTRUCT" -> {
                note = label(ds, STRUCTURE_SET_LABEL, note);
                collect(ds.getSequence(STRUCTURE_SET_ROI_SEQUENCE), ROI_NAME, labels);
            }
            case "RTPLAN" -> {
                note = label(ds, RT_PLAN_LABEL, note);
                collect(ds.getSequence(BEAM_SEQUENCE), BEAM_NAME, labels);
            }
            case "RTDOSE" -> {
                for (Tag t : new Tag[] {DOSE_TYPE, DOSE_SUMMATION_TYPE, DOSE_UNITS}) {
                    String v = trim(ds.getString(t));
                    if (!v.isEmpty()) {
                        labels.add(v);
                    }
                }
            }
            default -> note = label(ds, RT_IMAGE_LABEL, note);
        }
        return new Thumbnail(Thumbnail.Kind.RT, null, note, labels, refs.referencedUids().size());
    }

    private static String label(DataSet ds, Tag tag, String fallback) {
        String v = trim(ds.getString(tag));
        return v.isEmpty() ? fallback : fallback + " " + v;
    }

    private static void collect(Sequence seq, Tag tag, List<String> into) {
        if (seq == null) {
            return;
        }
        for (DataSet item : seq.items()) {
            String v = trim(item.getString(tag));
            if (!v.isEmpty()) {
                into.add(v);
            }
        }
    }

    private Thumbnail placeholder(String why, String modality) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0x33, 0x3a, 0x44));
            g.fillRect(0, 0, size, size);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, size / 6)));
            g.drawString(modality == null || modality.isEmpty() ? "?" : modality, size / 10, size / 2);
        } finally {
            g.dispose();
        }
        return new Thumbnail(Thumbnail.Kind.PLACEHOLDER, png(img), why, List.of(), 0);
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer in this JVM");
        }
        return out.toByteArray();
    }

    private static String first(String multi) {
        if (multi == null) {
            return null;
        }
        int bs = multi.indexOf('\\');
        return bs < 0 ? multi : multi.substring(0, bs);
    }

    private static double number(String text, double fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
