package org.rpb.pacs.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;

/**
 * {@code copy IN OUT}: reads a file and writes it back (byte for byte, since nothing changes),
 * through a temporary file beside OUT that is renamed to OUT only when complete.
 */
final class CopyCommand implements Command {

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public String usage() {
        return "copy IN OUT        read IN and write it to OUT through the codec";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 2) {
            err.println("usage: " + usage());
            return 2;
        }
        DicomFile f;
        try {
            f = DicomReader.create().read(Path.of(args.get(0)));
        } catch (IOException e) {
            err.println("cannot read: " + e.getMessage());
            return 1;
        }
        Path target = Path.of(args.get(1)).toAbsolutePath();
        Path temp = null;
        try {
            // written beside OUT under a temporary name, then renamed: a failure never leaves a partial OUT
            // (and an OUT that existed stays as it was); copying a file onto itself works too, since the
            // bulk data still read from IN is not overwritten while it is copied
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            DicomWriter.create().write(f, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            err.println("cannot write " + args.get(1) + ": " + e.getMessage());
            return 1;
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write already failed and was reported; a leftover .part file is never taken for OUT
                }
            }
        }
        return 0;
    }
}
