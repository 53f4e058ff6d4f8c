package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.ApproxDistinctUsers;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.DistinctKey;
import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.jobs.Args;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code distinct [--approx] <root>}: distinct users per url per UTC day (docs/CONTRACT.md §3). Reads
 * {@code <root>/events/dt=…}.
 * <ul>
 *   <li>Exact (default): writes {@code <root>/distinct/dt=…} ({@code DistinctUsers}). The shuffle
 *       sorts (url, user) and groups by url (secondary sort), so a url's users are counted as
 *       they stream past, never held in memory.</li>
 *   <li>{@code --approx}: writes {@code <root>/distinct_approx/dt=…} ({@code ApproxDistinctUsers}):
 *       an estimate with its relative error and bounds, and an Apache DataSketches HLL sketch
 *       ({@code --lg-k}, default 12) that any DataSketches reader (Spark's {@code hll_union_agg},
 *       Hive, Druid) merges with other days' into a range total.</li>
 * </ul>
 */
public class DistinctUsersJob extends AnalysisProgram {
  static final String EXACT = "distinct";
  static final String APPROX = "distinct_approx";

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
  protected void validate(Args args) {
    Configuration probe = new Configuration(false);
    probe.setInt(Sketches.LG_K, args.getInt("lg-k", Sketches.DEFAULT_LG_K));
    try {
      Sketches.lgK(probe);
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
  }

  @Override
  protected Set<String> flags() {
    return Set.of("approx");
  }

  @Override
  protected List<String> datasets(Args args) {
    return List.of(args.flag("approx") ? APPROX : EXACT);
  }

  @Override
  protected Schema outputSchema(String dataset) {
    return dataset.equals(APPROX) ? ApproxDistinctUsers.getClassSchema() : DistinctUsers.getClassSchema();
  }

  @Override
  protected void configure(Job job, Args args) {
    if (args.flag("approx")) {
      job.getConfiguration().setInt(Sketches.LG_K, args.getInt("lg-k", Sketches.lgK(job.getConfiguration())));
      job.setMapperClass(SketchUsersMapper.class);
      job.setCombinerClass(MergeSketchesCombiner.class);
      job.setReducerClass(EstimateUsersReducer.class);
      AvroJob.setMapOutputKeySchema(job, CountKey.getClassSchema());
      AvroJob.setMapOutputValueSchema(job, Schema.create(Schema.Type.BYTES));
      addResultOutput(job, EstimateUsersReducer.OUTPUT, ApproxDistinctUsers.getClassSchema());
    } else {
      job.setMapperClass(UrlUserMapper.class);
      job.setCombinerClass(DropRepeatedUsersCombiner.class);
      job.setReducerClass(CountDistinctUsersReducer.class);
      AvroJob.setMapOutputKeySchema(job, DistinctKey.getClassSchema());
      job.setGroupingComparatorClass(UrlGrouping.class); // after AvroJob, which sets its own
      job.setMapOutputValueClass(NullWritable.class);
      addResultOutput(job, CountDistinctUsersReducer.OUTPUT, DistinctUsers.getClassSchema());
    }
  }
}
