package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.AnalysisMapper;
import java.io.IOException;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;

/**
 * Counts each event under the key of every requested facet, aggregated in the mapper. Events that
 * a run replaced are counted with {@link #delta} −1 ({@link ReplacedEventsMapper}), when a day's
 * counts are updated from its changes.
 */
public class CountEventsMapper extends AnalysisMapper<AvroKey<CountKey>, AvroValue<Long>> {
  private List<Facet> facets;
  private final KeyCounts counts = new KeyCounts();
  private final Facet.Keys keys = new Facet.Keys();

  public CountEventsMapper() {
    super(null);
  }

  @Override
  protected void setup(Context context) {
    super.setup(context);
    facets = CountConfig.facets(context.getConfiguration());
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    for (Facet f : facets) {
      int part = part(f.dataset(), e.getTs());
      if (part >= 0) {
        counts.add(part, keys.key(f, e), delta(), context);
      }
    }
  }

  /** What each event adds to its keys' counts. */
  protected long delta() {
    return 1;
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    counts.flush(context);
  }
}
