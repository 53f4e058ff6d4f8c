package io.chunkmill.jobs.program;

import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/**
 * Where a task writes Avro records under a relative path of the job's output ({@code dt=…/part},
 * {@code quarantine/part}): {@link AvroMultipleOutputs} in a job, a recording fake in MRUnit tests
 * (which cannot drive {@code AvroMultipleOutputs}).
 */
public interface SideOutputs {
  /** Writes {@code record} to the named output, in files under {@code basePath}. */
  void write(String namedOutput, AvroKey<?> record, String basePath) throws IOException, InterruptedException;

  void close() throws IOException, InterruptedException;

  /** The real thing, for a running task. */
  static SideOutputs of(TaskInputOutputContext<?, ?, ?, ?> context) {
    AvroMultipleOutputs outputs = new AvroMultipleOutputs(context);
    return new SideOutputs() {
      @Override
      public void write(String namedOutput, AvroKey<?> record, String basePath)
          throws IOException, InterruptedException {
        outputs.write(namedOutput, record, NullWritable.get(), basePath);
      }

      @Override
      public void close() throws IOException, InterruptedException {
        outputs.close();
      }
    };
  }
}
