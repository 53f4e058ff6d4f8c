package io.chunkmill.jobs.cluster;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.jobs.analysis.EventsMapper;
import io.chunkmill.jobs.analysis.Inputs;
import io.chunkmill.jobs.topn.TopUrlsJob;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;

/** topn whose first map attempt dies after it has read part of its input; YARN retries it. */
public class FlakyTopUrlsJob extends TopUrlsJob {
  static final Path MARKERS = new Path("/tmp/chunkmill-flaky");

  @Override
  public Job createJob(Configuration conf, DatasetLayout layout, Inputs inputs, Path output) throws IOException {
    Job job = super.createJob(conf, layout, inputs, output);
    job.setMapperClass(FailOnceMapper.class); // topn runs first, so it reads the events (no MultipleInputs)
    return job;
  }

  static long failedAttemptsSeen(FileSystem fs) throws IOException {
    return fs.exists(MARKERS) ? fs.listStatus(MARKERS).length : 0;
  }

  /** Fails attempt 0 of map task 0 halfway through, leaving a marker file. */
  public static class FailOnceMapper extends EventsMapper {
    private long seen;

    @Override
    protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
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
