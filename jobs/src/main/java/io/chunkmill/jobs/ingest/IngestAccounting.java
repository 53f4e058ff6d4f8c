package io.chunkmill.jobs.ingest;

import io.chunkmill.jobs.program.ProgramSummary;
import java.util.Locale;
import org.apache.hadoop.mapreduce.Counters;

/**
 * The accounting of one ingest run (docs/CONTRACT.md §2, §5): every line read is in exactly one class, and
 * {@code lines_read = BLANK + TOO_LONG + MALFORMED + MISSING_FIELD + BAD_TIMESTAMP + DUPLICATE + events}.
 */
public record IngestAccounting(long linesRead, long blank, long tooLong, long malformed, long missingField,
    long badTimestamp, long duplicate, long events, long corruptFiles) {

  /**
   * The accounting from the counters of the dedup job and the damaged files that only the driver
   * found ({@link Bzip2Check}).
   */
  static IngestAccounting of(Counters dedup, int corruptFilesFoundAfter) {
    return new IngestAccounting(get(dedup, IngestCounters.LINES_READ), get(dedup, IngestCounters.BLANK),
        get(dedup, IngestCounters.TOO_LONG), get(dedup, IngestCounters.MALFORMED),
        get(dedup, IngestCounters.MISSING_FIELD), get(dedup, IngestCounters.BAD_TIMESTAMP),
        get(dedup, IngestCounters.DUPLICATE_IN_RUN) + get(dedup, IngestCounters.DUPLICATE_OF_STORED),
        get(dedup, IngestCounters.EVENTS), get(dedup, IngestCounters.CORRUPT_FILES) + corruptFilesFoundAfter);
  }

  private static long get(Counters counters, IngestCounters c) {
    return counters.findCounter(c).getValue();
  }

  public long quarantined() {
    return tooLong + malformed + missingField + badTimestamp;
  }

  /** Quarantined lines as a share of the non-blank lines (0 when there are none). */
  public double badShare() {
    long nonBlank = linesRead - blank;
    return nonBlank == 0 ? 0 : quarantined() / (double) nonBlank;
  }

  public boolean balanced() {
    return linesRead == blank + quarantined() + duplicate + events;
  }

  public String equation() {
    return String.format(Locale.ROOT, "lines_read %d %s BLANK %d + TOO_LONG %d + MALFORMED %d + MISSING_FIELD %d"
        + " + BAD_TIMESTAMP %d + DUPLICATE %d + events %d", linesRead, balanced() ? "=" : "!=", blank, tooLong,
        malformed, missingField, badTimestamp, duplicate, events);
  }

  /**
   * Puts the accounting into a run's summary: the keys of the accounting equation lead the file
   * ({@code lines_read}, the classes, {@code events}, then {@code corrupt_files}); and
   * {@code records_in}/{@code records_out} (lines read, events) as every summary has them.
   */
  void putInto(ProgramSummary summary) {
    summary.lead("lines_read", linesRead).lead("BLANK", blank).lead("TOO_LONG", tooLong).lead("MALFORMED", malformed)
        .lead("MISSING_FIELD", missingField).lead("BAD_TIMESTAMP", badTimestamp).lead("DUPLICATE", duplicate)
        .lead("events", events).lead("corrupt_files", corruptFiles).put("balanced", balanced())
        .put("records_in", linesRead).put("records_out", events);
  }
}
