package org.rpb.pacs.core.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One sub-command of {@link PacsDicomTool}. Implementations are stateless; they print results on {@code out}
 * and problems on {@code err}.
 */
public interface Command {

    /** The word that selects the command, e.g. "dump". */
    String name();

    /** One line: arguments and what the command does, e.g. "dump FILE  print the data set". */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @return the exit status: 0 success, 1 failure (damaged or non-DICOM input, peer error), 2 bad usage
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
