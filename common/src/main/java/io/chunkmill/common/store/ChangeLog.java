package io.chunkmill.common.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chunkmill.common.output.DatasetLayout;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The changes of a day's events between two of its versions, from the links each ingest run leaves
 * in the day ({@link DatasetLayout#dayChange}): the run directory it added and the file of stored
 * events it replaced. An analysis whose result was computed from an earlier version updates it from
 * these alone. The chain is followed back from the day's version; it is broken (and the analysis
 * must re-read the day) when a link is missing (the day was converted, or compacted after dropping
 * copies) or an added directory is gone (compacted).
 */
public final class ChangeLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one run changed on the day: its added run directory and its replaced events (each may be null). */
  public record Change(String run, Path added, Path replaced) {}

  private ChangeLog() {}

  /**
   * The changes of {@code day} from version {@code from} to {@code to}, oldest first; empty when the
   * two are equal; null when the chain between them cannot be followed.
   */
  public static List<Change> between(DatasetLayout layout, LocalDate day, String from, String to) throws IOException {
    FileSystem fs = layout.fs();
    List<Change> changes = new ArrayList<>();
    String version = to;
    for (int links = 0; !version.equals(from); links++) {
      if (links > 10_000) {
        return null;
      }
      JsonNode link;
      try (InputStream in = fs.open(layout.dayChange(day, version))) {
        link = JSON.readTree(in);
      } catch (java.io.FileNotFoundException e) {
        return null;
      }
      Path added = path(link, "added");
      Path replaced = path(link, "replaced");
      if ((added != null && !fs.exists(added)) || (replaced != null && !fs.exists(replaced))) {
        return null;
      }
      changes.add(new Change(version, added, replaced));
      JsonNode previous = link.get("previous_version");
      if (previous == null || previous.isNull()) {
        return null; // the day began after `from`: `from` is not one of its versions
      }
      version = previous.asText();
    }
    Collections.reverse(changes);
    return changes;
  }

  private static Path path(JsonNode link, String field) {
    JsonNode n = link.get(field);
    return n == null || n.isNull() ? null : new Path(n.asText());
  }
}
