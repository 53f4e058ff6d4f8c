package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AnalysisKey;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/** An {@link Analysis.Emitter} that writes to a map or combine task's output (serialized at once). */
final class ShuffleOutput implements Analysis.Emitter {
  private final TaskInputOutputContext<?, ?, AvroKey<AnalysisKey>, AvroValue<Object>> context;
  private final AvroKey<AnalysisKey> key = new AvroKey<>();
  private final AvroValue<Object> value = new AvroValue<>();

  ShuffleOutput(TaskInputOutputContext<?, ?, AvroKey<AnalysisKey>, AvroValue<Object>> context) {
    this.context = context;
  }

  @Override
  public void emit(AnalysisKey k, Object v) throws IOException, InterruptedException {
    key.datum(k);
    value.datum(v);
    context.write(key, value);
  }
}
