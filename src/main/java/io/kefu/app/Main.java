package io.kefu.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kefu} command line: {@code run} (the server), {@code simulate} (a WeChat-side test client), {@code eval}. */
@Command(name = "kefu", mixinStandardHelpOptions = true, version = "Kefu 0.1.0",
    description = "Customer-service and chatbot server for WeChat and WeCom.",
    subcommands = {RunCommand.class, SimulateCommand.class, io.kefu.ops.eval.EvalCommand.class,
        SlaSimCommand.class, io.kefu.ops.faults.FaultDriveCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    // DJL (under the embedding model) phones home unless this is set before its classes load.
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
