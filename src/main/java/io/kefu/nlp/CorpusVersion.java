package io.kefu.nlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 over the names and contents of the corpus files; carried by built models so reloads can compare. */
public record CorpusVersion(String sha256) {

  public static final CorpusVersion EMPTY = new CorpusVersion("0".repeat(64));

  /** Hash of every {@code .yml}/{@code .yaml} file directly in the given directories (missing ones skipped). */
  public static CorpusVersion of(Path... dirs) {
    MessageDigest digest = newDigest();
    for (Path dir : dirs) {
      for (Path file : yamlFiles(dir)) {
        digest.update((dir.getFileName() + "/" + file.getFileName() + "\0").getBytes(StandardCharsets.UTF_8));
        try {
          digest.update(Files.readAllBytes(file));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        digest.update((byte) 0);
      }
    }
    return new CorpusVersion(HexFormat.of().formatHex(digest.digest()));
  }

  /** Combines versions (e.g. intents and knowledge base) into one. */
  public static CorpusVersion combine(CorpusVersion... parts) {
    MessageDigest digest = newDigest();
    for (CorpusVersion p : parts) {
      digest.update(p.sha256().getBytes(StandardCharsets.US_ASCII));
    }
    return new CorpusVersion(HexFormat.of().formatHex(digest.digest()));
  }

  public String shortId() {
    return sha256.substring(0, 12);
  }

  static List<Path> yamlFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> Files.isRegularFile(f)
              && (f.getFileName().toString().endsWith(".yml") || f.getFileName().toString().endsWith(".yaml")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
