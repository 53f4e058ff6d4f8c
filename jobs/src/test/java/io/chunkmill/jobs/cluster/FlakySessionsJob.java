package io.chunkmill.jobs.cluster;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.jobs.analysis.AnalysesReducer;
import io.chunkmill.jobs.analysis.Inputs;
import io.chunkmill.jobs.sessions.SessionsJob;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/** sessions whose first reduce attempt dies after writing part of its output; YARN retries it. */
public class FlakySessionsJob extends SessionsJob {
  @Override
  public Job createJob(Configuration conf, DatasetLayout layout, Inputs inputs, Path output) throws IOException {
    Job job = super.createJob(conf, layout, inputs, output);
    job.setReducerClass(FailOnceReducer.class);
    return job;
  }

  /** Fails attempt 0 of reduce task 0 after some groups, leaving a marker file. */
  public static class FailOnceReducer extends AnalysesReducer {
    private long groups;

    @Override
    protected void reduce(AvroKey<AnalysisKey> key, Iterable<AvroValue<Object>> values, Context context)
        throws IOException, InterruptedException {
      super.reduce(key, values, context);
      var attempt = context.getTaskAttemptID();
      if (++groups == 50 && attempt.getTaskID().getId() == 0 && attempt.getId() == 0) {
        FileSystem.get(context.getConfiguration()).create(new Path(FlakyTopUrlsJob.MARKERS, attempt.toString()), true)
            .close();
        throw new IOException("injected failure of " + attempt);
      }
    }
  }
}
