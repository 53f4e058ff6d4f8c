package io.chunkmill.jobs.sessions;

import io.chunkmill.common.avro.Session;
import io.chunkmill.common.avro.SessionKey;
import io.chunkmill.jobs.Args;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code sessions [--gap-minutes 30] <root>}: per user and UTC day, events ordered by (ts, id) are
 * cut into sessions where the gap to the previous event is strictly greater than the limit
 * (docs/CONTRACT.md §3); sessions never span midnight. Reads {@code <root>/events/dt=…}; writes
 * {@code <root>/sessions/dt=…} ({@code Session}). Secondary sort: composite key (day, user, ts,
 * id), partitioned by day, grouped by (day, user), so a user's events stream through the reducer.
 * Key: {@value #GAP_MINUTES}.
 */
public class SessionsJob extends AnalysisProgram {
  static final String DATASET = "sessions";
  /** The largest gap, in minutes, inside a session. */
  public static final String GAP_MINUTES = "chunkmill.sessions.gap.minutes";
  public static final int DEFAULT_GAP_MINUTES = 30;

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new SessionsJob(), args));
  }

  static long gapMinutes(Configuration conf) {
    return conf.getLong(GAP_MINUTES, DEFAULT_GAP_MINUTES);
  }

  @Override
  protected String name() {
    return "sessions";
  }

  @Override
  protected String usage() {
    return "[--gap-minutes 30] <root>";
  }

  @Override
  protected Set<String> options() {
    return Set.of("gap-minutes");
  }

  @Override
  protected void validate(Args args) {
    if (args.getLong("gap-minutes", DEFAULT_GAP_MINUTES) < 0) {
      throw new Args.UsageException("--gap-minutes must not be negative");
    }
  }

  @Override
  protected List<String> datasets(Args args) {
    return List.of(DATASET);
  }

  @Override
  protected Schema outputSchema(String dataset) {
    return Session.getClassSchema();
  }

  @Override
  protected void configure(Job job, Args args) {
    job.getConfiguration().setLong(GAP_MINUTES, args.getLong("gap-minutes", gapMinutes(job.getConfiguration())));
    job.setMapperClass(UserEventsMapper.class);
    job.setReducerClass(SessionizeReducer.class);
    AvroJob.setMapOutputKeySchema(job, SessionKey.getClassSchema());
    job.setGroupingComparatorClass(UserGrouping.class); // after AvroJob, which sets its own
    AvroJob.setMapOutputValueSchema(job, Schema.create(Schema.Type.STRING));
    addResultOutput(job, SessionizeReducer.OUTPUT, Session.getClassSchema());
  }
}
