package io.chunkmill.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;

/**
 * Identifies a set of input files by their paths, lengths and modification times, so that a
 * pipeline can tell that it ingested exactly these inputs before. A file that changed, appeared or
 * went away gives another fingerprint.
 */
public final class InputFingerprint {
  private InputFingerprint() {}

  public static String of(List<FileStatus> files) {
    List<String> lines = files.stream()
        .map(f -> f.getPath() + "\t" + f.getLen() + "\t" + f.getModificationTime()).sorted().toList();
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String line : lines) {
        sha.update(line.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
