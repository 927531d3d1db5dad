package org.rpb.pacs.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;

/** {@code copy IN OUT}: reads a file and writes it back (byte for byte, since nothing changes). */
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
        try {
            DicomWriter.create().write(f, Path.of(args.get(1)));
        } catch (IOException e) {
            err.println("cannot write " + args.get(1) + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
