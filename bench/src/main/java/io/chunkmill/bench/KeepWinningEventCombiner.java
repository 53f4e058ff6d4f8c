package io.chunkmill.bench;

import io.chunkmill.common.message.EventWritable;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Dedup job, map side: of the copies of one id that one map task saw, passes on only the docs/CONTRACT.md §2
 * winner. Choosing the winner is associative and commutative, so doing it early is safe.
 */
public class KeepWinningEventCombiner extends Reducer<Text, EventWritable, Text, EventWritable> {
  private final EventWritable winner = new EventWritable();

  @Override
  protected void reduce(Text id, Iterable<EventWritable> copies, Context context)
      throws IOException, InterruptedException {
    winner.keepWinnerOf(copies);
    context.write(id, winner);
  }
}
