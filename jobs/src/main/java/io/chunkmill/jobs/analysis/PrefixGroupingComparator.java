package io.chunkmill.jobs.analysis;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryData;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.RawComparator;

/**
 * Groups Avro keys by their first fields only (secondary sort): the sort order covers the whole key,
 * the reducer sees one group per prefix. Compares the serialized bytes against a schema made of
 * the leading fields, which Avro's binary encoding allows since fields are written in order.
 */
public abstract class PrefixGroupingComparator implements RawComparator<AvroKey<? extends IndexedRecord>> {
  private final Schema prefix;

  protected PrefixGroupingComparator(Schema keySchema, int fields) {
    List<Schema.Field> leading = keySchema.getFields().subList(0, fields).stream()
        .map(f -> new Schema.Field(f.name(), f.schema(), f.doc(), (Object) null)).toList();
    prefix = Schema.createRecord(keySchema.getName() + "Prefix", null, keySchema.getNamespace(), false, leading);
  }

  @Override
  public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
    return BinaryData.compare(b1, s1, l1, b2, s2, l2, prefix);
  }

  @Override
  public int compare(AvroKey<? extends IndexedRecord> a, AvroKey<? extends IndexedRecord> b) {
    return GenericData.get().compare(a.datum(), b.datum(), prefix);
  }
}
