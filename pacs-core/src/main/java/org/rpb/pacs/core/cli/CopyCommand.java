package org.rpb.pacs.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code copy IN OUT}: reads a file and writes it back (byte for byte, since nothing changes),
 * through a temporary file beside OUT that is renamed to OUT only when complete.
 */
@Command(name = "copy", description = "Read IN and write it to OUT through the codec.")
final class CopyCommand implements Callable<Integer> {

    @ParentCommand
    private PacsDicomTool tool;

    @Parameters(index = "0", paramLabel = "IN", description = "the DICOM file to read")
    private Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "where to write it (replaced only when complete)")
    private Path outFile;

    @Override
    public Integer call() {
        PrintStream err = tool.err();
        DicomFile f;
        try {
            f = DicomReader.create().read(in);
        } catch (IOException e) {
            err.println("cannot read: " + e.getMessage());
            return 1;
        }
        Path target = outFile.toAbsolutePath();
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
            err.println("cannot write " + outFile + ": " + e.getMessage());
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
