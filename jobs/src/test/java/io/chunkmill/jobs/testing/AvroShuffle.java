package io.chunkmill.jobs.testing;

import org.apache.avro.Schema;
import org.apache.avro.hadoop.io.AvroSerialization;
import org.apache.hadoop.conf.Configuration;

/** Configures MRUnit drivers to (de)serialize Avro keys and values of a shuffle. */
public final class AvroShuffle {
  private AvroShuffle() {}

  public static void configure(Configuration conf, Schema key, Schema value) {
    AvroSerialization.addToConfiguration(conf);
    AvroSerialization.setKeyWriterSchema(conf, key);
    AvroSerialization.setKeyReaderSchema(conf, key);
    AvroSerialization.setValueWriterSchema(conf, value);
    AvroSerialization.setValueReaderSchema(conf, value);
  }
}
