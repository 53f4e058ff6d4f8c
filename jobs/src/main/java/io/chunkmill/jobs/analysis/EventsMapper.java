package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.output.UtcDays;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Reads a day's events and hands each to the analysis of every partition planned on its UTC day
 * that is computed from the events (not updated from changes). {@link AddedEventsMapper} and
 * {@link ReplacedEventsMapper} read a day's changes for the partitions that are updated.
 */
public class EventsMapper extends Mapper<AvroKey<Event>, NullWritable, AvroKey<AnalysisKey>, AvroValue<Object>> {
  static {
    AvroTrust.install();
  }

  private static final int[] NONE = new int[0];
  private final UtcDays days = new UtcDays();
  private final Map<String, int[]> partsByDay = new HashMap<>();
  private Analysis[] analyses;
  private final Set<Analysis> used = new LinkedHashSet<>();
  private ShuffleOutput out;

  /** Whether this mapper feeds the partitions updated from changes (else those computed from events). */
  protected boolean readsChanges() {
    return false;
  }

  /** What each event adds: 1, or -1 for events that left their day. */
  protected int delta() {
    return 1;
  }

  @Override
  protected void setup(Context context) {
    PartitionPlan plan = PartitionPlan.load(context.getConfiguration());
    analyses = plan.analyses(context.getConfiguration());
    Map<String, List<Integer>> parts = new HashMap<>();
    for (int p = 0; p < plan.size(); p++) {
      if (plan.updated(p) == readsChanges()) {
        parts.computeIfAbsent(plan.target(p).day().toString(), d -> new ArrayList<>()).add(p);
        used.add(analyses[p]);
      }
    }
    parts.forEach((day, list) -> partsByDay.put(day, list.stream().mapToInt(Integer::intValue).toArray()));
    out = new ShuffleOutput(context);
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    int[] parts = partsByDay.getOrDefault(days.day(e.getTs()), NONE);
    for (int p : parts) {
      analyses[p].map(e, p, delta(), out);
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    for (Analysis a : used) {
      a.flush(out);
    }
  }
}
