package io.chunkmill.jobs.sessions;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Session;
import io.chunkmill.common.avro.SessionKey;
import io.chunkmill.jobs.SideOutputs;
import io.chunkmill.jobs.analysis.AnalysisCounters;
import io.chunkmill.jobs.analysis.PartitionPlan;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * One call per (day, user), events streaming in (ts, id) order through a {@link Sessionizer}; the
 * framework updates the key as the values advance, which exposes each event's ts.
 */
public class SessionizeReducer extends Reducer<AvroKey<SessionKey>, AvroValue<CharSequence>, AvroKey<Session>, NullWritable> {
  static {
    AvroTrust.install();
  }

  static final String OUTPUT = "sessions";
  private PartitionPlan plan;
  private SideOutputs outputs;
  private long gapMs;

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
    gapMs = SessionsJob.gapMinutes(context.getConfiguration()) * 60_000L;
    outputs = openOutputs(context);
  }

  @Override
  protected void reduce(AvroKey<SessionKey> key, Iterable<AvroValue<CharSequence>> urls, Context context)
      throws IOException, InterruptedException {
    String user = key.datum().getUser();
    String basePath = plan.target(key.datum().getPart()).basePath();
    Sessionizer sessions = new Sessionizer(gapMs, s -> {
      outputs.write(OUTPUT, new AvroKey<>(new Session(user, s.start(), s.end(), s.events(), s.urls())), basePath);
      context.getCounter(AnalysisCounters.RECORDS_OUT).increment(1);
    });
    for (AvroValue<CharSequence> url : urls) {
      sessions.event(key.datum().getTs(), url.datum().toString());
    }
    sessions.finish();
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
