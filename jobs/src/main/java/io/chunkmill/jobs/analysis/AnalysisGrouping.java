package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AnalysisKey;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryData;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.RawComparator;

/**
 * Groups {@code AnalysisKey}s by (part, key), a secondary sort: the sort order covers the whole
 * key, the reducer gets one call per key of a partition with its values in (ts, sub) order. Compares
 * the serialized bytes against a schema of the two leading fields, which Avro's binary encoding
 * allows since fields are written in order.
 */
public class AnalysisGrouping implements RawComparator<AvroKey<AnalysisKey>> {
  private static final Schema PREFIX = prefix(AnalysisKey.getClassSchema(), 2);

  private static Schema prefix(Schema keySchema, int fields) {
    List<Schema.Field> leading = keySchema.getFields().subList(0, fields).stream()
        .map(f -> new Schema.Field(f.name(), f.schema(), f.doc(), (Object) null)).toList();
    return Schema.createRecord(keySchema.getName() + "Prefix", null, keySchema.getNamespace(), false, leading);
  }

  @Override
  public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
    return BinaryData.compare(b1, s1, l1, b2, s2, l2, PREFIX);
  }

  @Override
  public int compare(AvroKey<AnalysisKey> a, AvroKey<AnalysisKey> b) {
    return GenericData.get().compare(a.datum(), b.datum(), PREFIX);
  }
}
