package org.rpb.pacs.core.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * The command-line tool packaged as {@code pacs-dicom.jar}: {@code java -jar pacs-dicom.jar COMMAND ARGS...}.
 * Exit status 0 on success, 1 on damaged or non-DICOM input (reason on stderr), 2 on bad usage.
 */
public final class PacsDicomTool {

    private PacsDicomTool() {
    }

    /** The registered commands; add a command with one line here. */
    static List<Command> commands() {
        return List.of(
                new DumpCommand(),
                new CopyCommand(),
                new NetworkCommands.EchoCommand(),
                new NetworkCommands.FindCommand(),
                new NetworkCommands.StoreCommand(),
                new NetworkCommands.MoveCommand(),
                new NetworkCommands.GetCommand(),
                new NetworkCommands.ReceiveCommand()
        );
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs the tool without exiting the JVM; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<Command> commands = commands();
        if (args.length == 0 || "-h".equals(args[0]) || "--help".equals(args[0]) || "help".equals(args[0])) {
            usage(commands, args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        for (Command c : commands) {
            if (c.name().equals(args[0])) {
                return c.run(List.of(args).subList(1, args.length), out, err);
            }
        }
        err.println("unknown command: " + args[0]);
        usage(commands, err);
        return 2;
    }

    private static void usage(List<Command> commands, PrintStream s) {
        s.println("usage: java -jar pacs-dicom.jar COMMAND [ARGS]");
        for (Command c : commands) {
            s.println("  " + c.usage());
        }
    }
}
