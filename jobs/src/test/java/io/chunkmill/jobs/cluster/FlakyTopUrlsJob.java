package io.chunkmill.jobs.cluster;

import io.chunkmill.jobs.Args;
import io.chunkmill.jobs.topn.CountUrlsMapper;
import io.chunkmill.jobs.topn.TopUrlsJob;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/** topn whose first map attempt dies after it has read part of its input; YARN retries it. */
public class FlakyTopUrlsJob extends TopUrlsJob {
  static final Path MARKERS = new Path("/tmp/chunkmill-flaky");

  @Override
  protected void configure(Job job, Args args) {
    super.configure(job, args);
    job.setMapperClass(FailOnceMapper.class);
  }

  static long failedAttemptsSeen(FileSystem fs) throws IOException {
    return fs.exists(MARKERS) ? fs.listStatus(MARKERS).length : 0;
  }

  /** Fails attempt 0 of map task 0 halfway through, leaving a marker file. */
  public static class FailOnceMapper extends CountUrlsMapper {
    private long seen;

    @Override
    protected void map(org.apache.avro.mapred.AvroKey<io.chunkmill.common.avro.Event> event,
        org.apache.hadoop.io.NullWritable none, Context context) throws IOException, InterruptedException {
      super.map(event, none, context);
      var attempt = context.getTaskAttemptID();
      if (++seen == 100 && attempt.getTaskID().getId() == 0 && attempt.getId() == 0) {
        FileSystem fs = FileSystem.get(context.getConfiguration());
        fs.create(new Path(MARKERS, attempt.toString()), true).close();
        throw new IOException("injected failure of " + attempt);
      }
    }
  }
}
