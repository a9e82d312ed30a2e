package io.kefu.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's CPU pressure and load average, printed with every number (the box is shared). */
public record MachineLoad(String pressureAvg10, String loadAvg) {

  public static MachineLoad now() {
    return new MachineLoad(pressure(), load());
  }

  private static String pressure() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/pressure/cpu"))) {
        if (line.startsWith("some")) {
          for (String field : line.split(" ")) {
            if (field.startsWith("avg10=")) {
              return field.substring(6) + "%";
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
    return "n/a";
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  @Override
  public String toString() {
    return "cpu pressure (some, avg10) " + pressureAvg10 + ", load average " + loadAvg;
  }
}
