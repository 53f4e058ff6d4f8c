package io.chunkmill.bench;

import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** Count job, map side: each {@code day\turl} line of the dedup job is one event of that key. */
public class CountLinesMapper extends Mapper<LongWritable, Text, Text, LongWritable> {
  private static final LongWritable ONE = new LongWritable(1);

  @Override
  protected void map(LongWritable offset, Text dayUrl, Context context)
      throws IOException, InterruptedException {
    context.write(dayUrl, ONE);
  }
}
