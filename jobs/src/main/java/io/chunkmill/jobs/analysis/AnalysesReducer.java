package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.jobs.program.SideOutputs;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Hands each (part, key) group to the analysis of its partition and writes the records it makes to
 * that partition's files ({@code <dataset>/dt=<day>/part…}, its state to {@code _state…}) through
 * {@link SideOutputs}. Groups arrive partition by partition, so an analysis learns that its
 * partition ended ({@link Analysis#finish}).
 */
public class AnalysesReducer extends Reducer<AvroKey<AnalysisKey>, AvroValue<Object>, AvroKey<Object>, NullWritable> {
  static {
    AvroTrust.install();
  }

  private PartitionPlan plan;
  private Analysis[] analyses;
  private SideOutputs outputs;
  private Analysis.Results results;
  private int part = -1;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    plan = PartitionPlan.load(context.getConfiguration());
    analyses = plan.analyses(context.getConfiguration());
    outputs = openOutputs(context);
    AvroKey<Object> record = new AvroKey<>();
    results = new Analysis.Results() {
      @Override
      public void write(int p, Object r) throws IOException, InterruptedException {
        record.datum(r);
        outputs.write(analyses[p].namedOutput(), record, plan.target(p).basePath());
        context.getCounter(AnalysisCounters.RECORDS_OUT).increment(1);
      }

      @Override
      public void state(int p, Object r) throws IOException, InterruptedException {
        record.datum(r);
        outputs.write(analyses[p].stateOutput(), record, plan.target(p).stateBasePath());
      }
    };
  }

  /** Where results go; MRUnit tests record them instead. */
  protected SideOutputs openOutputs(Context context) {
    return SideOutputs.of(context);
  }

  @Override
  protected void reduce(AvroKey<AnalysisKey> key, Iterable<AvroValue<Object>> values, Context context)
      throws IOException, InterruptedException {
    int p = key.datum().getPart();
    if (p != part) {
      finishPart();
      part = p;
    }
    analyses[p].reduce(key.datum(), values, results);
  }

  private void finishPart() throws IOException, InterruptedException {
    if (part >= 0) {
      analyses[part].finish(part, results);
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    finishPart();
    outputs.close();
  }
}
