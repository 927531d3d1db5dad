package org.rpb.pacs.deident;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.deident.pixel.BurnedInPolicy;
import org.rpb.pacs.deident.pixel.MaskRegion;
import org.rpb.pacs.deident.pixel.PixelMasker;
import org.rpb.pacs.deident.profile.Action;

/**
 * Burned-in text: an instance that declares it, or whose modality or SOP class is known to carry it, is masked
 * with the regions configured for its modality (Burned In Annotation then NO) or refused; never passed through.
 */
final class BurnedInMasker {

    private final BurnedInPolicy policy;
    private final InstanceState instance;
    private final ElementEditor editor;

    BurnedInMasker(BurnedInPolicy policy, InstanceState instance, ElementEditor editor) {
        this.policy = policy;
        this.instance = instance;
        this.editor = editor;
    }

    /**
     * Decides before any change whether the instance must be masked.
     *
     * @return the regions to blank, or null when the instance carries no burned-in text
     * @throws DeidentificationException when it does and cannot be masked
     */
    List<MaskRegion> regions(DataSet ds) throws DeidentificationException {
        String why = BurnedInPolicy.reason(instance.modality(), instance.sopClass(),
                ElementEditor.text(ds, Tags.BurnedInAnnotation));
        DataElement px = ds.get(Tags.PixelData);
        if (why == null || px == null) {
            return null;
        }
        List<MaskRegion> masks = policy.masksFor(instance.modality());
        if (masks == null) {
            throw instance.refuse(why + " and no mask is configured for it: refused");
        }
        if (px.isFragments()) {
            throw instance.refuse(why + " and its pixel data is compressed, which cannot be masked: refused");
        }
        return masks;
    }

    /** Blanks the regions in every frame (into a temporary file the instance owns). */
    void mask(DataSet ds, List<MaskRegion> regions) throws DeidentificationException, IOException {
        DataElement px = ds.get(Tags.PixelData);
        int bits = ds.getInt(Tags.BitsAllocated, 0);
        PixelMasker.Geometry g = new PixelMasker.Geometry(ds.getInt(Tags.Rows, 0), ds.getInt(Tags.Columns, 0),
                ds.getInt(Tags.SamplesPerPixel, 1), bits, ds.getInt(Tags.PlanarConfiguration, 0),
                Math.max(1, ds.getInt(Tags.NumberOfFrames, 1)));
        if (g.rows() <= 0 || g.columns() <= 0 || bits % 8 != 0 || bits == 0) {
            throw instance.refuse("burned-in text cannot be masked: pixel geometry (rows, columns, bits allocated "
                    + bits + ") not supported");
        }
        Path tmp = Files.createTempFile("deident-mask-", ".raw");
        instance.temporaryFiles().add(tmp);
        long len = px.length();
        try (InputStream in = px.isBulkData() ? px.bulkData().openStream() : new ByteArrayInputStream(px.bytes())) {
            PixelMasker.mask(in, len, g, regions, tmp);
        } catch (IOException x) {
            throw instance.refuse("burned-in text cannot be masked: " + x.getMessage());
        }
        ds.set(DataElement.of(px.tag(), px.vr(), BulkData.ofFile(tmp, 0, Files.size(tmp)), px.bigEndian()));
        editor.recorder().record(ElementPath.top(Tags.PixelData.value()), Action.CLEAN, null,
                regions.size() + " regions blanked");
        editor.put(ds, Tags.BurnedInAnnotation, VR.CS, "NO");
        instance.masked(true);
    }
}
