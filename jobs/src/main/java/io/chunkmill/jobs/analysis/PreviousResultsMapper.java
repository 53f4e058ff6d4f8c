package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.output.DatasetLayout;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.security.TokenCache;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * A day's previous result of one dataset ({@code <root>/<dataset>/dt=<day>/part-00000.avro}), or the
 * state kept beside it ({@code _state.avro}), as map input: each record goes to every partition of
 * that day updated from this dataset (its own, and e.g. the day's top N from its url counts),
 * through {@link Analysis#previous}.
 */
public class PreviousResultsMapper extends Mapper<AvroKey<Object>, NullWritable, AvroKey<AnalysisKey>, AvroValue<Object>> {
  static {
    AvroTrust.install();
  }

  /**
   * Reads the files it is given as they are named: a state file is hidden (its name starts with
   * {@code _}, so that readers of the partition skip it), and {@code FileInputFormat} drops hidden
   * names even when they are given as input paths.
   */
  public static class InputFormat extends AvroKeyInputFormat<Object> {
    @Override
    protected List<FileStatus> listStatus(JobContext job) throws IOException {
      Path[] paths = getInputPaths(job);
      TokenCache.obtainTokensForNamenodes(job.getCredentials(), paths, job.getConfiguration());
      List<FileStatus> files = new ArrayList<>();
      for (Path p : paths) {
        files.add(p.getFileSystem(job.getConfiguration()).getFileStatus(p));
      }
      return files;
    }
  }

  /** The root's qualified path, to name the dataset of the file a task reads. */
  static final String ROOT = "chunkmill.analysis.root";

  private Analysis[] analyses;
  private int[] parts;
  /** Per partition: the keys recomputed from the day's events, whose previous records are dropped; or null. */
  private java.util.Set<String>[] refresh;
  private ShuffleOutput out;

  @Override
  @SuppressWarnings("unchecked")
  protected void setup(Context context) {
    Path file = fileOf(context.getInputSplit()).getPath();
    Path partition = file.getParent();
    LocalDate day = DatasetLayout.parseDay(partition.getName());
    String root = context.getConfiguration().get(ROOT);
    String datasetPath = partition.getParent().toUri().getPath();
    String rootPath = new Path(root).toUri().getPath();
    if (!datasetPath.startsWith(rootPath + "/")) {
      throw new IllegalStateException(partition + " is not under the root " + root);
    }
    String dataset = datasetPath.substring(rootPath.length() + 1);
    PartitionPlan plan = PartitionPlan.load(context.getConfiguration());
    analyses = plan.analyses(context.getConfiguration());
    List<Integer> targets = new ArrayList<>();
    for (int p = 0; p < plan.size(); p++) {
      if (plan.updated(p) && plan.target(p).day().equals(day) && dataset.equals(analyses[p].updatedFrom())
          && file.getName().equals(analyses[p].updatedFromFile())) {
        targets.add(p);
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalStateException(file + " feeds no partition of this run's plan");
    }
    parts = targets.stream().mapToInt(Integer::intValue).toArray();
    refresh = new java.util.Set[plan.size()];
    for (int p : parts) {
      refresh[p] = plan.refresh(p);
    }
    out = new ShuffleOutput(context);
  }

  /**
   * The file split under a split of {@code MultipleInputs}, whose wrapper ({@code TaggedInputSplit})
   * Hadoop keeps package-private: its {@code getInputSplit()} is called by reflection.
   */
  static FileSplit fileOf(InputSplit split) {
    if (split instanceof FileSplit f) {
      return f;
    }
    try {
      java.lang.reflect.Method inner = split.getClass().getDeclaredMethod("getInputSplit");
      inner.setAccessible(true);
      return fileOf((InputSplit) inner.invoke(split));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot find the file of split " + split, e);
    }
  }

  @Override
  protected void map(AvroKey<Object> record, NullWritable none, Context context) throws IOException, InterruptedException {
    for (int p : parts) {
      if (refresh[p] == null || !refresh[p].contains(analyses[p].refreshKey(record.datum()))) {
        analyses[p].previous(record.datum(), p, out);
      }
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    for (int p : parts) {
      analyses[p].flush(out);
    }
  }
}
