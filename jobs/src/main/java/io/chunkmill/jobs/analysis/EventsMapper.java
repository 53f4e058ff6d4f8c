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
 * that is computed from the events (not updated from changes), and, for a partition updated with
 * some keys recomputed ({@link PartitionPlan#refresh}), the events of those keys.
 * {@link AddedEventsMapper} and {@link ReplacedEventsMapper} read a day's changes for the
 * partitions that are updated.
 */
public class EventsMapper extends Mapper<AvroKey<Event>, NullWritable, AvroKey<AnalysisKey>, AvroValue<Object>> {
  static {
    AvroTrust.install();
  }

  /** What a mapper reads: a day's events, the events runs added since a result, or those they replaced. */
  protected enum Source { EVENTS, ADDED, REPLACED }

  private static final int[] NONE = new int[0];
  private final UtcDays days = new UtcDays();
  private final Map<String, int[]> partsByDay = new HashMap<>();
  private Analysis[] analyses;
  /** Per partition: only events of these keys (refreshed from the events), or all but these (added), or null. */
  private Set<String>[] only;
  private Set<String>[] except;
  private final Set<Analysis> used = new LinkedHashSet<>();
  private ShuffleOutput out;
  private int delta;

  protected Source source() {
    return Source.EVENTS;
  }

  @Override
  @SuppressWarnings("unchecked")
  protected void setup(Context context) {
    PartitionPlan plan = PartitionPlan.load(context.getConfiguration());
    analyses = plan.analyses(context.getConfiguration());
    only = new Set[plan.size()];
    except = new Set[plan.size()];
    Map<String, List<Integer>> parts = new HashMap<>();
    for (int p = 0; p < plan.size(); p++) {
      Set<String> refresh = plan.refresh(p);
      boolean reads = switch (source()) {
        case EVENTS -> !plan.updated(p) || refresh != null;
        case ADDED -> plan.updated(p);
        case REPLACED -> plan.updated(p) && analyses[p].subtracts();
      };
      if (reads) {
        parts.computeIfAbsent(plan.target(p).day().toString(), d -> new ArrayList<>()).add(p);
        used.add(analyses[p]);
        if (source() == Source.EVENTS && plan.updated(p)) {
          only[p] = refresh;
        } else if (source() == Source.ADDED) {
          except[p] = refresh;
        }
      }
    }
    parts.forEach((day, list) -> partsByDay.put(day, list.stream().mapToInt(Integer::intValue).toArray()));
    out = new ShuffleOutput(context);
    delta = source() == Source.REPLACED ? -1 : 1;
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    int[] parts = partsByDay.getOrDefault(days.day(e.getTs()), NONE);
    for (int p : parts) {
      if ((only[p] == null || only[p].contains(analyses[p].refreshKey(e)))
          && (except[p] == null || !except[p].contains(analyses[p].refreshKey(e)))) {
        analyses[p].map(e, p, delta, out);
      }
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    for (Analysis a : used) {
      a.flush(out);
    }
  }
}
