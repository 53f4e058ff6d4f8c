package io.chunkmill.jobs.topn;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.jobs.Args;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import io.chunkmill.jobs.count.SumCountsCombiner;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code topn [--n 10] <root>}: per UTC day, the N urls with most events, ranked from 1, ties by
 * url (docs/CONTRACT.md §3). Reads {@code <root>/events/dt=…}; writes {@code <root>/topn/dt=…} ({@code TopUrl}).
 * Memory is bounded by N per day. Key: {@value #N}.
 */
public class TopUrlsJob extends AnalysisProgram {
  static final String DATASET = "topn";
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
    if (args.getInt("n", DEFAULT_N) <= 0) {
      throw new Args.UsageException("--n must be positive");
    }
  }

  @Override
  protected List<String> datasets(Args args) {
    return List.of(DATASET);
  }

  @Override
  protected Schema outputSchema(String dataset) {
    return TopUrl.getClassSchema();
  }

  @Override
  protected void configure(Job job, Args args) {
    job.getConfiguration().setInt(N, args.getInt("n", n(job.getConfiguration())));
    job.setMapperClass(CountUrlsMapper.class);
    job.setCombinerClass(SumCountsCombiner.class);
    job.setReducerClass(RankUrlsReducer.class);
    AvroJob.setMapOutputKeySchema(job, CountKey.getClassSchema());
    AvroJob.setMapOutputValueSchema(job, Schema.create(Schema.Type.LONG));
    addResultOutput(job, RankUrlsReducer.OUTPUT, TopUrl.getClassSchema());
  }
}
