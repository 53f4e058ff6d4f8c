package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.DistinctKey;
import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.jobs.SideOutputs;
import io.chunkmill.jobs.analysis.AnalysisCounters;
import io.chunkmill.jobs.analysis.PartitionPlan;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * One call per (day, url) with its users in sorted order: counts the changes of user, so that no
 * url's users are ever held in memory, however many it has. The framework updates the key as the
 * values advance, which is what exposes each user.
 */
public class CountDistinctUsersReducer extends Reducer<AvroKey<DistinctKey>, NullWritable, AvroKey<DistinctUsers>, NullWritable> {
  static {
    AvroTrust.install();
  }

  static final String OUTPUT = "distinct";
  private PartitionPlan plan;
  private SideOutputs outputs;
  private final DistinctUsers record = new DistinctUsers();
  private final AvroKey<DistinctUsers> out = new AvroKey<>(record);

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
    outputs = openOutputs(context);
  }

  @Override
  protected void reduce(AvroKey<DistinctKey> key, Iterable<NullWritable> values, Context context)
      throws IOException, InterruptedException {
    String url = key.datum().getUrl();
    int part = key.datum().getPart();
    long users = 0;
    String previous = null;
    for (NullWritable ignored : values) {
      String user = key.datum().getUser();
      if (!user.equals(previous)) {
        users++;
        previous = user;
      }
    }
    record.setUrl(url);
    record.setUsers(users);
    outputs.write(OUTPUT, out, plan.target(part).basePath());
    context.getCounter(AnalysisCounters.RECORDS_OUT).increment(1);
  }

  /** Where results go; MRUnit tests record them instead. */
  protected SideOutputs openOutputs(Context context) {
    return SideOutputs.of(context);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    outputs.close();
  }
}
