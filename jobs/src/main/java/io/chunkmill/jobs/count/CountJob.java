package io.chunkmill.jobs.count;

import io.chunkmill.common.input.CombinedAvroKeyInputFormat;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.Publisher;
import io.chunkmill.common.store.ChangeLog;
import io.chunkmill.jobs.Args;
import io.chunkmill.jobs.ProgramSummary;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import io.chunkmill.jobs.analysis.PartitionPlan;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code count --by url,user,hour,day <root>}: events per key per UTC day (docs/CONTRACT.md §3). Writes
 * {@code <root>/counts/<by>/dt=…} ({@code CountRecord}), every requested facet in one pass. Counts
 * are aggregated in the mapper and by a combiner, so map output grows with distinct keys, not events.
 * Key: {@link CountConfig#FACETS}.
 *
 * <p>What it reads, per stale day: when every planned facet of the day has a result computed from
 * one earlier version of the day's events and the day's change log reaches from that version to
 * the current one ({@link ChangeLog}), the previous results, the run directories added since and
 * the events replaced since (counted −1): {@code O(batch + previous result)}. Otherwise (no
 * previous result, a broken chain after a compaction or conversion, {@code --force}) the day's
 * events. Both give the same records: keys whose count falls to 0 are not written.
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
    Facet.parseList(args.get("by", CountConfig.DEFAULT_FACETS));
  }

  @Override
  protected List<String> datasets(Args args) {
    return Facet.parseList(args.get("by", CountConfig.DEFAULT_FACETS)).stream().map(Facet::dataset).toList();
  }

  @Override
  protected Schema outputSchema(String dataset) {
    return CountRecord.getClassSchema();
  }

  /** The partitions updated from their changes in this run ({@link #configureInputs}), for the summary. */
  private final List<String> updated = new ArrayList<>();

  @Override
  protected List<Path> configureInputs(Job job, DatasetLayout layout, PartitionPlan plan, Args args)
      throws IOException {
    Map<LocalDate, List<String>> facetsByDay = new TreeMap<>();
    plan.targets().forEach(t -> facetsByDay.computeIfAbsent(t.day(), d -> new ArrayList<>()).add(t.dataset()));
    Map<LocalDate, List<ChangeLog.Change>> incremental = new TreeMap<>();
    List<Path> whole = new ArrayList<>();
    for (Map.Entry<LocalDate, List<String>> e : facetsByDay.entrySet()) {
      List<ChangeLog.Change> changes = args.flag("force") ? null : changesSinceResults(layout, e.getKey(), e.getValue());
      if (changes == null) {
        whole.add(layout.events(e.getKey()));
      } else {
        incremental.put(e.getKey(), changes);
      }
    }
    if (incremental.isEmpty()) {
      return super.configureInputs(job, layout, plan, args);
    }
    readEachFileAsWritten(job); // Event and CountRecord files, each with its mapper
    List<Path> inputs = new ArrayList<>(whole);
    for (Path p : whole) {
      MultipleInputs.addInputPath(job, p, CombinedAvroKeyInputFormat.class, CountEventsMapper.class);
    }
    for (Map.Entry<LocalDate, List<ChangeLog.Change>> e : incremental.entrySet()) {
      for (String dataset : facetsByDay.get(e.getKey())) {
        Path previous = new Path(layout.partition(dataset, e.getKey()), Publisher.DATA_FILE);
        // one file, and its mapper reads the partition from the file's path: no combining
        MultipleInputs.addInputPath(job, previous, AvroKeyInputFormat.class, PreviousCountsMapper.class);
        inputs.add(previous);
        updated.add(dataset + "/" + DatasetLayout.dayDirectory(e.getKey()));
      }
      for (ChangeLog.Change c : e.getValue()) {
        if (c.added() != null) {
          MultipleInputs.addInputPath(job, c.added(), CombinedAvroKeyInputFormat.class, CountEventsMapper.class);
          inputs.add(c.added());
        }
        if (c.replaced() != null) {
          MultipleInputs.addInputPath(job, c.replaced(), CombinedAvroKeyInputFormat.class, ReplacedEventsMapper.class);
          inputs.add(c.replaced());
        }
      }
    }
    return inputs;
  }

  /**
   * The day's changes since the version its planned results were computed from, or null when they
   * cannot be had: a result missing, results of different versions, or a broken change log.
   */
  private static List<ChangeLog.Change> changesSinceResults(DatasetLayout layout, LocalDate day, List<String> datasets)
      throws IOException {
    String from = null;
    for (String dataset : datasets) {
      Path partition = layout.partition(dataset, day);
      String v = layout.readSmallFile(DatasetLayout.sourceVersion(partition));
      if (v == null || v.isEmpty() || !layout.fs().exists(new Path(partition, Publisher.DATA_FILE))
          || (from != null && !from.equals(v))) {
        return null;
      }
      from = v;
    }
    String to = layout.readSmallFile(layout.eventsVersion(day));
    return from == null || to == null ? null : ChangeLog.between(layout, day, from, to);
  }

  @Override
  protected void summarize(ProgramSummary summary) {
    summary.put("partitions_updated_from_changes", List.copyOf(updated));
  }

  @Override
  protected void configure(Job job, Args args) {
    CountConfig.setFacets(job.getConfiguration(), Facet.parseList(args.get("by", CountConfig.DEFAULT_FACETS)));
    job.setMapperClass(CountEventsMapper.class);
    job.setCombinerClass(SumCountsCombiner.class);
    job.setReducerClass(SumCountsReducer.class);
    AvroJob.setMapOutputKeySchema(job, CountKey.getClassSchema());
    AvroJob.setMapOutputValueSchema(job, Schema.create(Schema.Type.LONG));
    addResultOutput(job, SumCountsReducer.OUTPUT, CountRecord.getClassSchema());
  }
}
