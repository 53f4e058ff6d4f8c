package io.chunkmill.jobs.sessions;

import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.analysis.Analysis;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code sessions [--gap-minutes 30] <root>}: per user and UTC day, events ordered by (ts, id) are
 * cut into sessions where the gap to the previous event is strictly greater than the limit
 * (docs/CONTRACT.md §3); sessions never span midnight. Reads {@code <root>/events/dt=…}; writes
 * {@code <root>/sessions/dt=…} ({@code Session}): the map side sends each user's events as pieces
 * that the reducer joins in order of their start ({@link SessionsAnalysis}).
 * Keys: {@value #GAP_MINUTES}, {@value SessionsAnalysis#BUFFERED_EVENTS}.
 */
public class SessionsJob extends AnalysisProgram {
  public static final String DATASET = "sessions";
  /** The largest gap, in minutes, inside a session. */
  public static final String GAP_MINUTES = "chunkmill.sessions.gap.minutes";
  public static final int DEFAULT_GAP_MINUTES = 30;

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new SessionsJob(), args));
  }

  static long gapMinutes(Configuration conf) {
    return conf.getLong(GAP_MINUTES, DEFAULT_GAP_MINUTES);
  }

  @Override
  protected String name() {
    return "sessions";
  }

  @Override
  protected String usage() {
    return "[--gap-minutes 30] <root>";
  }

  @Override
  protected Set<String> options() {
    return Set.of("gap-minutes");
  }

  @Override
  protected void validate(Args args) {
    validateOptions(args);
  }

  /** Checks {@code --gap-minutes}. */
  public static void validateOptions(Args args) {
    if (args.getLong("gap-minutes", DEFAULT_GAP_MINUTES) < 0) {
      throw new Args.UsageException("--gap-minutes must not be negative");
    }
  }

  @Override
  protected List<String> datasets(Args args) {
    return List.of(DATASET);
  }

  @Override
  protected Class<? extends Analysis> analysis(String dataset) {
    return SessionsAnalysis.class;
  }

  @Override
  protected void configure(Configuration conf, Args args) {
    apply(conf, args);
  }

  /** Puts {@code --gap-minutes} into {@value #GAP_MINUTES}. */
  public static void apply(Configuration conf, Args args) {
    conf.setLong(GAP_MINUTES, args.getLong("gap-minutes", gapMinutes(conf)));
  }
}
