package io.chunkmill.jobs.distinct;

import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.analysis.Analysis;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code distinct [--approx] <root>}: distinct users per url per UTC day (docs/CONTRACT.md §3).
 * <ul>
 *   <li>Exact (default): writes {@code <root>/distinct/dt=…} ({@code DistinctUsers}) from the day's
 *       events ({@link DistinctUsersAnalysis}).</li>
 *   <li>{@code --approx}: writes {@code <root>/distinct_approx/dt=…} ({@code ApproxDistinctUsers}):
 *       an estimate with its relative error and bounds, and an Apache DataSketches HLL sketch
 *       ({@code --lg-k}, default 12) that any DataSketches reader (Spark's {@code hll_union_agg},
 *       Hive, Druid) merges with other days' into a range total. A stale day is updated from its
 *       previous sketches and its changes ({@link ApproxDistinctUsersAnalysis}).</li>
 * </ul>
 */
public class DistinctUsersJob extends AnalysisProgram {
  public static final String EXACT = "distinct";
  public static final String APPROX = "distinct_approx";

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new DistinctUsersJob(), args));
  }

  @Override
  protected String name() {
    return "distinct";
  }

  @Override
  protected String usage() {
    return "[--approx [--lg-k 12]] <root>";
  }

  @Override
  protected Set<String> options() {
    return Set.of("lg-k");
  }

  @Override
  protected Set<String> flags() {
    return Set.of("approx");
  }

  @Override
  protected void validate(Args args) {
    validateOptions(args);
  }

  /** Checks {@code --lg-k}. */
  public static void validateOptions(Args args) {
    Configuration probe = new Configuration(false);
    probe.setInt(Sketches.LG_K, args.getInt("lg-k", Sketches.DEFAULT_LG_K));
    try {
      Sketches.lgK(probe);
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
  }

  @Override
  protected List<String> datasets(Args args) {
    return List.of(args.flag("approx") ? APPROX : EXACT);
  }

  @Override
  protected Class<? extends Analysis> analysis(String dataset) {
    return analysisOf(dataset);
  }

  /** The analysis of {@value #EXACT} or {@value #APPROX}. */
  public static Class<? extends Analysis> analysisOf(String dataset) {
    return dataset.equals(APPROX) ? ApproxDistinctUsersAnalysis.class : DistinctUsersAnalysis.class;
  }

  @Override
  protected void configure(Configuration conf, Args args) {
    apply(conf, args);
  }

  /** Puts {@code --lg-k} into {@value Sketches#LG_K}. */
  public static void apply(Configuration conf, Args args) {
    conf.setInt(Sketches.LG_K, args.getInt("lg-k", Sketches.lgK(conf)));
  }
}
