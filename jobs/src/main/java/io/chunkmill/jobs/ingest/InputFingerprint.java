package io.chunkmill.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import io.chunkmill.common.input.InputFiles;

/**
 * Identifies a set of input files by their paths, lengths and modification times, so that a
 * pipeline can tell that it ingested exactly these inputs before. A file that changed, appeared or
 * went away gives another fingerprint.
 *
 * <p>The SHA-256 of one line per file ({@code path TAB length TAB mtime}) in the listing's
 * directory order, streamed: nothing per file is held beside the listing. That order is the order
 * of the lines sorted as text (which earlier versions hashed) except in a directory that holds both
 * files and subdirectories and a subdirectory sorts before a file; inputs laid out so and ingested
 * by an earlier version are read once more by {@code --skip-ingested}, and their events kept once.
 */
public final class InputFingerprint {
  private InputFingerprint() {}

  public static String of(InputFiles files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < files.size(); i++) {
        String line = files.path(i) + "\t" + files.length(i) + "\t" + files.modificationTime(i);
        sha.update(line.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
