package io.chunkmill.jobs.testing;

import io.chunkmill.jobs.program.SideOutputs;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.specific.SpecificData;

/** Side outputs kept in memory (copied, since tasks reuse their records), for MRUnit tests. */
public final class RecordingSideOutputs implements SideOutputs {
  /** One record written to a named output under a base path. */
  public record Written(String namedOutput, String basePath, Object record) {}

  public final List<Written> written = new ArrayList<>();
  public boolean closed;

  @Override
  public void write(String namedOutput, AvroKey<?> record, String basePath) {
    Object datum = record.datum();
    Object copy = SpecificData.get().deepCopy(((GenericContainer) datum).getSchema(), datum);
    written.add(new Written(namedOutput, basePath, copy));
  }

  @Override
  public void close() {
    closed = true;
  }

  public List<Object> records(String namedOutput) {
    return written.stream().filter(w -> w.namedOutput().equals(namedOutput)).map(Written::record).toList();
  }
}
