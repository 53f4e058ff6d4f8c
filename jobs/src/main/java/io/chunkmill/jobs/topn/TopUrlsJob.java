package io.chunkmill.jobs.topn;

import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.analysis.Analysis;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code topn [--n 10] <root>}: per UTC day, the N urls with most events, ranked from 1, ties by
 * url (docs/CONTRACT.md §3). Writes {@code <root>/topn/dt=…} ({@code TopUrl}). Builds on the day's url
 * counts ({@code counts/url/dt=…}) and the day's changes since they were computed, when it can (a
 * day's top N then costs its url counts and what changed), else reads the day's events
 * ({@link TopUrlsAnalysis}). Memory is bounded by N per day. Key: {@value #N}.
 */
public class TopUrlsJob extends AnalysisProgram {
  public static final String DATASET = "topn";
  /** How many urls per day. */
  public static final String N = "chunkmill.topn.n";
  public static final int DEFAULT_N = 10;

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new TopUrlsJob(), args));
  }

  static int n(Configuration conf) {
    return conf.getInt(N, DEFAULT_N);
  }

  @Override
  protected String name() {
    return "topn";
  }

  @Override
  protected String usage() {
    return "[--n 10] <root>";
  }

  @Override
  protected Set<String> options() {
    return Set.of("n");
  }

  @Override
  protected void validate(Args args) {
    validateOptions(args);
  }

  /** Checks {@code --n}. */
  public static void validateOptions(Args args) {
    if (args.getInt("n", DEFAULT_N) <= 0) {
      throw new Args.UsageException("--n must be positive");
    }
  }

  @Override
  protected List<String> datasets(Args args) {
    return List.of(DATASET);
  }

  @Override
  protected Class<? extends Analysis> analysis(String dataset) {
    return TopUrlsAnalysis.class;
  }

  @Override
  protected void configure(Configuration conf, Args args) {
    apply(conf, args);
  }

  /** Puts {@code --n} into {@value #N}. */
  public static void apply(Configuration conf, Args args) {
    conf.setInt(N, args.getInt("n", n(conf)));
  }
}
