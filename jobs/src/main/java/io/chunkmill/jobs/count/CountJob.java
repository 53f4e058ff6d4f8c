package io.chunkmill.jobs.count;

import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.analysis.Analysis;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code count --by url,user,hour,day <root>}: events per key per UTC day (docs/CONTRACT.md §3). Writes
 * {@code <root>/counts/<by>/dt=…} ({@code CountRecord}), every requested facet in one pass
 * ({@link CountAnalysis}).
 *
 * <p>What it reads, per stale day ({@link io.chunkmill.jobs.analysis.Inputs}): for the facets whose
 * previous result was computed from the earlier version of the day's events most of them share,
 * when the day's change log reaches from that version to the current one, the previous results,
 * the run directories added since and the events replaced since (counted −1):
 * {@code O(batch + previous result)}. Otherwise (no previous result, a broken chain after a
 * compaction or conversion, {@code --force}) the day's events. Both give the same records.
 */
public class CountJob extends AnalysisProgram {
  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new CountJob(), args));
  }

  @Override
  protected String name() {
    return "count";
  }

  @Override
  protected String usage() {
    return "[--by url,user,hour,day] <root>";
  }

  @Override
  protected Set<String> options() {
    return Set.of("by");
  }

  @Override
  protected void validate(Args args) {
    datasets(args);
  }

  @Override
  protected List<String> datasets(Args args) {
    return Facet.parseList(args.get("by", Facet.ALL)).stream().map(Facet::dataset).toList();
  }

  @Override
  protected Class<? extends Analysis> analysis(String dataset) {
    return CountAnalysis.class;
  }

  @Override
  protected void configure(Configuration conf, Args args) {}
}
