package io.chunkmill.bench;

import io.chunkmill.common.conf.InputConfig;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat;
import org.apache.hadoop.util.ToolRunner;

/**
 * Contender 3: what a Hadoop user who knows the small-files problem does without chunkmill.
 * {@link CombineTextInputFormat} packs files into splits of at most chunkmill's maximum split size
 * ({@code mapreduce.input.fileinputformat.split.maxsize}, 128 MiB when unset), and both jobs run a
 * combiner. {@code map()} is still called once per line.
 */
public class CombineTextInputFormatContender extends HadoopContender {
  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new CombineTextInputFormatContender(), args));
  }

  @Override
  protected String name() {
    return "combine-text-input-format";
  }

  @Override
  @SuppressWarnings("rawtypes")
  protected Class<? extends InputFormat> inputFormat() {
    return CombineTextInputFormat.class;
  }

  @Override
  protected boolean combiners() {
    return true;
  }

  @Override
  protected void configureInput(Job job) {
    // Without a maximum, CombineFileInputFormat makes one split per node: all input in one task.
    CombineTextInputFormat.setMaxInputSplitSize(job, InputConfig.splitMaxBytes(job.getConfiguration()));
  }
}
