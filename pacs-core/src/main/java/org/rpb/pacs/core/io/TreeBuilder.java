package org.rpb.pacs.core.io;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;

/** Builds a {@link DataSet} tree from the parser's events. */
final class TreeBuilder implements DicomVisitor {

    private static final class OpenSequence {
        final Tag tag;
        final VR vr;
        final boolean undefinedLength;
        final List<DataSet> items = new ArrayList<>();

        OpenSequence(Tag tag, VR vr, boolean undefinedLength) {
            this.tag = tag;
            this.vr = vr;
            this.undefinedLength = undefinedLength;
        }
    }

    private final DataSet root;
    private final Deque<DataSet> dataSets = new ArrayDeque<>();
    private final Deque<OpenSequence> sequences = new ArrayDeque<>();

    TreeBuilder(DataSet root) {
        this.root = root;
        dataSets.push(root);
    }

    DataSet root() {
        return root;
    }

    @Override
    public Action element(DataElement element, int depth, long offset) {
        dataSets.peek().append(element);
        return Action.CONTINUE;
    }

    @Override
    public Action startSequence(Tag tag, VR vr, long length, boolean implicitItems, int depth, long offset) {
        sequences.push(new OpenSequence(tag, vr, length < 0));
        return Action.CONTINUE;
    }

    @Override
    public Action startItem(int depth, long length, long offset) {
        // room for the item's elements (about one per 16 bytes of a defined length) before its list grows
        DataSet item = DataSet.withCapacity(length < 0 ? 10 : (int) Math.min(64, Math.max(2, length / 16)));
        item.setUndefinedLengthItem(length < 0);
        item.setInheritedCharacterSet(dataSets.peek().specificCharacterSet());
        sequences.peek().items.add(item);
        dataSets.push(item);
        return Action.CONTINUE;
    }

    @Override
    public void endItem(int depth) {
        dataSets.pop();
    }

    @Override
    public void endSequence(int depth) {
        OpenSequence s = sequences.pop();
        dataSets.peek().append(DataElement.of(s.tag, s.vr, new Sequence(s.items), s.undefinedLength));
    }
}
