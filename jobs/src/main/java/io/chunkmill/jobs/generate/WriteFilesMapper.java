package io.chunkmill.jobs.generate;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/** Writes the generated file whose number it is given. */
public class WriteFilesMapper extends Mapper<IntWritable, NullWritable, NullWritable, NullWritable> {
  static final String OUTPUT = GeneratorSettings.PREFIX + "output";
  private MessageGenerator generator;
  private Path dir;

  @Override
  protected void setup(Context context) {
    generator = new MessageGenerator(GeneratorSettings.load(context.getConfiguration()));
    dir = new Path(context.getConfiguration().get(OUTPUT));
  }

  @Override
  protected void map(IntWritable file, NullWritable none, Context context) throws IOException {
    FileWriting.write(generator, file.get(), dir, context.getConfiguration());
    context.getCounter(GenerateJob.Counters.FILES).increment(1);
    context.getCounter(GenerateJob.Counters.LINES).increment(generator.linesIn(file.get()));
  }
}
