package io.chunkmill.bench;

import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.util.ToolRunner;

/**
 * Contender 2: Hadoop's defaults. {@link TextInputFormat} makes at least one split, hence one map
 * task, per file, and calls {@code map()} once per line; no combiner. What chunkmill exists to
 * avoid for many small files.
 */
public class TextInputFormatContender extends HadoopContender {
  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new TextInputFormatContender(), args));
  }

  @Override
  protected String name() {
    return "text-input-format";
  }

  @Override
  @SuppressWarnings("rawtypes")
  protected Class<? extends InputFormat> inputFormat() {
    return TextInputFormat.class;
  }

  @Override
  protected boolean combiners() {
    return false;
  }
}
