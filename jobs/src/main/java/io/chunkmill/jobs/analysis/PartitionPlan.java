package io.chunkmill.jobs.analysis;

import io.chunkmill.common.output.DatasetLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The output partitions one analysis job writes: (dataset, day) pairs, numbered. Every shuffle key
 * of an analysis starts with that number ({@code part}), which routes the key to the reducer that
 * writes the partition ({@link PlannedPartitioner}), so that each partition is one file.
 */
public final class PartitionPlan {
  private static final String KEY = "chunkmill.analysis.plan";

  /** One output partition: {@code <root>/<dataset>/dt=<day>/}. */
  public record Target(String dataset, LocalDate day) {
    public String basePath() {
      return DatasetLayout.partFiles(dataset, day.toString());
    }
  }

  private final List<Target> targets;
  private final Map<String, Integer> index = new HashMap<>();

  public PartitionPlan(List<Target> targets) {
    this.targets = List.copyOf(targets);
    for (int i = 0; i < targets.size(); i++) {
      index.put(key(targets.get(i).dataset(), targets.get(i).day().toString()), i);
    }
  }

  private static String key(String dataset, String day) {
    return dataset + "@" + day;
  }

  public int size() {
    return targets.size();
  }

  public Target target(int part) {
    return targets.get(part);
  }

  public List<Target> targets() {
    return targets;
  }

  /** The partition number of (dataset, day), or -1 when the plan does not write it. */
  public int index(String dataset, String day) {
    Integer i = index.get(key(dataset, day));
    return i == null ? -1 : i;
  }

  /** The days whose events the plan reads. */
  public Set<LocalDate> days() {
    Set<LocalDate> days = new LinkedHashSet<>();
    targets.forEach(t -> days.add(t.day()));
    return days;
  }

  public void store(Configuration conf) {
    List<String> items = new ArrayList<>();
    targets.forEach(t -> items.add(key(t.dataset(), t.day().toString())));
    conf.setStrings(KEY, items.toArray(new String[0]));
  }

  public static PartitionPlan load(Configuration conf) {
    List<Target> targets = new ArrayList<>();
    for (String item : conf.getTrimmedStrings(KEY)) {
      int at = item.lastIndexOf('@');
      targets.add(new Target(item.substring(0, at), LocalDate.parse(item.substring(at + 1))));
    }
    return new PartitionPlan(targets);
  }
}
