package io.chunkmill.jobs.analyze;

import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.analysis.Analysis;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import io.chunkmill.jobs.count.CountAnalysis;
import io.chunkmill.jobs.count.Facet;
import io.chunkmill.jobs.distinct.DistinctUsersJob;
import io.chunkmill.jobs.sessions.SessionsAnalysis;
import io.chunkmill.jobs.sessions.SessionsJob;
import io.chunkmill.jobs.topn.TopUrlsAnalysis;
import io.chunkmill.jobs.topn.TopUrlsJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code analyze <root>}: every analysis of every stale day in one job (one application on YARN):
 * {@code count --by url,user,hour,day}, {@code topn}, {@code distinct} and {@code sessions}, and
 * with {@code --approx} also {@code distinct --approx}. The same records as the programs run one by
 * one, for the cost of one job: each analysis is updated from what it kept of a day (its previous
 * result or the state beside it) and the day's changes, and the events of a day that any of them
 * must read (a first computation, {@code --force}) are read once for all of them. Takes each
 * program's options.
 */
public class AnalyzeJob extends AnalysisProgram {
  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new AnalyzeJob(), args));
  }

  @Override
  protected String name() {
    return "analyze";
  }

  @Override
  protected String usage() {
    return "[--by url,user,hour,day] [--n 10] [--gap-minutes 30] [--approx [--lg-k 12]] <root>";
  }

  @Override
  protected Set<String> options() {
    return Set.of("by", "n", "gap-minutes", "lg-k");
  }

  @Override
  protected Set<String> flags() {
    return Set.of("approx");
  }

  @Override
  protected void validate(Args args) {
    datasets(args);
    TopUrlsJob.validateOptions(args);
    SessionsJob.validateOptions(args);
    DistinctUsersJob.validateOptions(args);
  }

  @Override
  protected List<String> datasets(Args args) {
    List<String> datasets = new ArrayList<>();
    Facet.parseList(args.get("by", Facet.ALL)).forEach(f -> datasets.add(f.dataset()));
    datasets.add(TopUrlsJob.DATASET);
    datasets.add(DistinctUsersJob.EXACT);
    if (args.flag("approx")) {
      datasets.add(DistinctUsersJob.APPROX);
    }
    datasets.add(SessionsJob.DATASET);
    return datasets;
  }

  @Override
  protected Class<? extends Analysis> analysis(String dataset) {
    if (dataset.startsWith("counts/")) {
      return CountAnalysis.class;
    }
    return switch (dataset) {
      case TopUrlsJob.DATASET -> TopUrlsAnalysis.class;
      case SessionsJob.DATASET -> SessionsAnalysis.class;
      default -> DistinctUsersJob.analysisOf(dataset);
    };
  }

  @Override
  protected void configure(Configuration conf, Args args) {
    TopUrlsJob.apply(conf, args);
    SessionsJob.apply(conf, args);
    DistinctUsersJob.apply(conf, args);
  }
}
