package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;
import java.util.List;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.Uid;
import org.rpb.pacs.core.dict.StorageSopClasses;

/**
 * What the C-STORE receiver accepts, by the project's own data instead of PixelMed's 2022 lists
 * (which refuse deflate, transfer syntaxes such as HTJ2K and SOP classes newer than the jar):
 * Verification, and every storage SOP class of {@link StorageSopClasses}, each in the transfer
 * syntax the sender proposes first, because the receiver stores data sets as encoded and the
 * pacs-core reader reads any transfer syntax (PS3.5 A.4 defines unknown ones as explicit VR little
 * endian, encapsulated). One exception keeps information: when both uncompressed little endian
 * syntaxes are offered, explicit VR is taken over implicit.
 *
 * <p>Stateless and thread-safe.
 */
final class StoragePresentationContextPolicy implements PresentationContextSelectionPolicy {
    /** PS3.8 9.3.3.2 result/reason values. */
    static final byte ACCEPTANCE = 0;
    static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    private final StorageSopClasses classes;

    StoragePresentationContextPolicy(StorageSopClasses classes) {
        this.classes = classes;
    }

    @Override
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber) {
        for (Object o : presentationContexts) {
            PresentationContext pc = (PresentationContext) o;
            String abs = pc.getAbstractSyntaxUID();
            boolean verification = PixelmedSupport.VERIFICATION.equals(abs);
            if (abs == null || !(verification || classes.isStorage(abs))) {
                pc.setResultReason(ABSTRACT_SYNTAX_NOT_SUPPORTED);
                continue;
            }
            String ts = choose(transferSyntaxes(pc), verification);
            if (ts == null) {
                pc.setResultReason(TRANSFER_SYNTAXES_NOT_SUPPORTED);
                continue;
            }
            pc.newTransferSyntaxUIDs();
            pc.addTransferSyntaxUID(ts);
            pc.setResultReason(ACCEPTANCE);
        }
        return presentationContexts;
    }

    @Override
    @Deprecated
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber,
                                                              int debugLevel) {
        return applyPresentationContextSelectionPolicy(presentationContexts, associationNumber);
    }

    private static List<String> transferSyntaxes(PresentationContext pc) {
        List<String> out = new java.util.ArrayList<>();
        for (Object t : pc.getTransferSyntaxUIDs()) {
            if (t != null) {
                String u = ((String) t).trim();
                if (Uid.isValid(u)) {
                    out.add(u);
                }
            }
        }
        return out;
    }

    /** @return the syntax to accept among those proposed (in the proposer's order), or null */
    static String choose(List<String> proposed, boolean verification) {
        String implicit = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
        String explicit = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        if (verification) {
            // no data set is ever sent on it: any uncompressed little endian syntax will do
            return proposed.contains(explicit) ? explicit : proposed.contains(implicit) ? implicit : null;
        }
        if (proposed.isEmpty()) {
            return null;
        }
        String first = proposed.get(0);
        return first.equals(implicit) && proposed.contains(explicit) ? explicit : first;
    }
}
