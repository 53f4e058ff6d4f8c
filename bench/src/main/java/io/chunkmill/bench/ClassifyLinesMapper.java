package io.chunkmill.bench;

import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.message.FieldNames;
import io.chunkmill.common.message.MessageClass;
import io.chunkmill.common.message.MessageClassifier;
import io.chunkmill.common.message.ParsedEvent;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Dedup job, map side, one line per {@code map()} call as Hadoop's line formats deliver it:
 * classifies the line with chunkmill's own {@link MessageClassifier} (so that every contender
 * accepts exactly the same events) and emits {@code (id, event)} for a valid one. Bad lines are
 * only counted: quarantining them is chunkmill's extra work, not part of the compared result.
 */
public class ClassifyLinesMapper extends Mapper<LongWritable, Text, Text, EventWritable> {
  private MessageClassifier classifier;
  private final ParsedEvent parsed = new ParsedEvent();
  private final Text id = new Text();
  private final EventWritable event = new EventWritable();
  private final long[] counts = new long[BenchCounters.values().length];

  @Override
  protected void setup(Context context) {
    classifier = new MessageClassifier(FieldNames.DEFAULTS,
        InputConfig.messageMaxBytes(context.getConfiguration()));
  }

  @Override
  protected void map(LongWritable offset, Text line, Context context)
      throws IOException, InterruptedException {
    MessageClass c = classifier.classify(line.getBytes(), 0, line.getLength(), parsed);
    counts[BenchCounters.LINES_READ.ordinal()]++;
    counts[BenchCounters.of(c).ordinal()]++;
    if (c == MessageClass.VALID) {
      id.set(parsed.id());
      event.set(parsed);
      context.write(id, event);
    }
  }

  @Override
  protected void cleanup(Context context) {
    // Counters are incremented once per task: a counter lookup per line would be measured too.
    for (BenchCounters c : BenchCounters.values()) {
      if (counts[c.ordinal()] > 0) {
        context.getCounter(c).increment(counts[c.ordinal()]);
      }
    }
  }
}
