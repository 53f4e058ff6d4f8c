package io.chunkmill.jobs.cluster;

import io.chunkmill.common.avro.SessionKey;
import io.chunkmill.jobs.Args;
import io.chunkmill.jobs.sessions.SessionizeReducer;
import io.chunkmill.jobs.sessions.SessionsJob;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/** sessions whose first reduce attempt dies after writing part of its output; YARN retries it. */
public class FlakySessionsJob extends SessionsJob {
  @Override
  protected void configure(Job job, Args args) {
    super.configure(job, args);
    job.setReducerClass(FailOnceReducer.class);
  }

  /** Fails attempt 0 of reduce task 0 after some groups, leaving a marker file. */
  public static class FailOnceReducer extends SessionizeReducer {
    private long groups;

    @Override
    protected void reduce(AvroKey<SessionKey> key, Iterable<AvroValue<CharSequence>> urls, Context context)
        throws IOException, InterruptedException {
      super.reduce(key, urls, context);
      var attempt = context.getTaskAttemptID();
      if (++groups == 50 && attempt.getTaskID().getId() == 0 && attempt.getId() == 0) {
        FileSystem.get(context.getConfiguration()).create(new Path(FlakyTopUrlsJob.MARKERS, attempt.toString()), true)
            .close();
        throw new IOException("injected failure of " + attempt);
      }
    }
  }
}
