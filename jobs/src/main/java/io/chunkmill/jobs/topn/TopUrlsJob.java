package io.chunkmill.jobs.topn;

import io.chunkmill.common.input.CombinedAvroKeyInputFormat;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.Publisher;
import io.chunkmill.jobs.Args;
import io.chunkmill.jobs.ProgramSummary;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import io.chunkmill.jobs.analysis.PartitionPlan;
import io.chunkmill.jobs.count.Facet;
import io.chunkmill.jobs.count.SumCountsCombiner;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code topn [--n 10] <root>}: per UTC day, the N urls with most events, ranked from 1, ties by
 * url (docs/CONTRACT.md §3). Writes {@code <root>/topn/dt=…} ({@code TopUrl}). Reads a day's url counts
 * ({@code counts/url/dt=…}) when they are fresh (computed from the day's events as they are now), so
 * that a day's top N costs its url counts, not its events; otherwise the day's events. Memory is
 * bounded by N per day. Key: {@value #N}.
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

  /** The days whose top N came from their url counts in this run, for the summary. */
  private final List<String> fromCounts = new ArrayList<>();

  @Override
  protected List<Path> configureInputs(Job job, DatasetLayout layout, PartitionPlan plan, Args args)
      throws IOException {
    List<Path> counts = new ArrayList<>();
    List<Path> events = new ArrayList<>();
    for (LocalDate day : plan.days()) {
      Path urlCounts = layout.partition(Facet.URL.dataset(), day);
      String version = layout.readSmallFile(layout.eventsVersion(day));
      if (version != null && version.equals(layout.readSmallFile(DatasetLayout.sourceVersion(urlCounts)))
          && layout.fs().exists(new Path(urlCounts, Publisher.DATA_FILE))) {
        counts.add(new Path(urlCounts, Publisher.DATA_FILE));
        fromCounts.add(day.toString());
      } else {
        events.add(layout.events(day));
      }
    }
    if (counts.isEmpty()) {
      return super.configureInputs(job, layout, plan, args);
    }
    readEachFileAsWritten(job); // Event and CountRecord files, each with its mapper
    for (Path p : counts) {
      MultipleInputs.addInputPath(job, p, AvroKeyInputFormat.class, UrlCountsMapper.class);
    }
    for (Path p : events) {
      MultipleInputs.addInputPath(job, p, CombinedAvroKeyInputFormat.class, CountUrlsMapper.class);
    }
    List<Path> all = new ArrayList<>(counts);
    all.addAll(events);
    return all;
  }

  @Override
  protected void summarize(ProgramSummary summary) {
    summary.put("days_from_url_counts", List.copyOf(fromCounts));
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
