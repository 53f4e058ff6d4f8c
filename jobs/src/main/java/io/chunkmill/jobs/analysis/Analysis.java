package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.SessionPiece;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.Publisher;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One analysis's share of an analysis job: what it sends through the shuffle for each event, how it
 * combines and reduces what arrives, and what result it builds on when a day changed little. Every
 * analysis shares one shuffle ({@link AnalysisKey}, values of {@link #VALUE_SCHEMA}), so that any
 * set of analyses runs as one job over one read of the events ({@code analyze}). An instance serves
 * one dataset in one task; tasks make them from the class named in the job ({@link PartitionPlan#analyses}).
 */
public interface Analysis {
  /**
   * The shuffle's values: a count, nothing, a sketch's bytes, a piece of a session, or strings (a
   * url's users), as each analysis needs.
   */
  Schema VALUE_SCHEMA = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.LONG),
      Schema.create(Schema.Type.BYTES), SessionPiece.getClassSchema(), Schema.createArray(javaStrings()));

  /** Avro strings read as {@link String} (the generated classes' type), not {@code Utf8}. */
  private static Schema javaStrings() {
    Schema strings = Schema.create(Schema.Type.STRING);
    GenericData.setStringType(strings, GenericData.StringType.String);
    return strings;
  }

  /** Receives shuffle output: a key (reused by the caller after the call) and its value. */
  interface Emitter {
    void emit(AnalysisKey key, Object value) throws IOException, InterruptedException;
  }

  /** Receives the records of output partition {@code part}. */
  interface Results {
    /** One result record. */
    void write(int part, Object record) throws IOException, InterruptedException;

    /** One record of the partition's state ({@link #stateSchema}), in the order it is to be read back. */
    void state(int part, Object record) throws IOException, InterruptedException;
  }

  /** Called once, before anything else, with the dataset this instance computes and the job's settings. */
  void setup(String dataset, Configuration conf);

  /** The Avro schema of this dataset's result records. */
  Schema outputSchema();

  /** The name of the job's named output these records go through (letters only; shared by datasets of one schema). */
  String namedOutput();

  /**
   * The schema of the records this analysis keeps beside each result ({@link DatasetLayout#STATE_FILE}), from
   * which it updates the result ({@link #updatedFrom} its own dataset); null when it keeps none.
   */
  default Schema stateSchema() {
    return null;
  }

  /** The name of the named output of {@link #stateSchema}'s records. */
  default String stateOutput() {
    return namedOutput() + "state";
  }

  /**
   * Map side: one event of this dataset's day; {@code delta} is 1, or -1 for an event that a run
   * replaced (it left the day) when the day's result is updated from its changes.
   */
  void map(Event event, int part, int delta, Emitter out) throws IOException, InterruptedException;

  /** Map side: sends on whatever {@link #map} aggregated in memory. */
  default void flush(Emitter out) throws IOException, InterruptedException {}

  /** Whether {@link #combine} makes fewer values; a job whose analyses all say no runs without a combiner. */
  default boolean combines() {
    return true;
  }

  /** Map side: the values of one whole key, as few as possible. */
  void combine(AnalysisKey key, Iterable<AvroValue<Object>> values, Emitter out) throws IOException, InterruptedException;

  /**
   * Reduce side: one group of (part, key); the key's other fields advance with the values, as the
   * framework deserializes each.
   */
  void reduce(AnalysisKey key, Iterable<AvroValue<Object>> values, Results out) throws IOException, InterruptedException;

  /** Reduce side: partition {@code part} has no more groups in this task. */
  default void finish(int part, Results out) throws IOException, InterruptedException {}

  /**
   * The dataset whose previous result of a day this one can be updated from, with the day's
   * changes since (e.g. {@code counts/url} for top N), or null when it always reads the day's events.
   */
  default String updatedFrom() {
    return null;
  }

  /** The file of {@link #updatedFrom}'s partition that the update reads: the result, or the state kept beside it. */
  default String updatedFromFile() {
    return stateSchema() == null ? Publisher.DATA_FILE : DatasetLayout.STATE_FILE;
  }

  /**
   * Driver side: whether the previous result (or state) in {@code dataFile} was computed with this run's
   * settings (e.g. sketches of the same size), so that an update from it gives what a
   * recomputation would; when not, the partition is computed from the events.
   */
  default boolean updatableFrom(FileSystem fs, Path dataFile) throws IOException {
    return true;
  }

  /** The first record of an Avro file of {@code type}, or null when it holds none (for {@link #updatableFrom}). */
  static <T> T firstRecord(FileSystem fs, Path file, Class<T> type) throws IOException {
    try (DataFileStream<T> records = new DataFileStream<>(fs.open(file), new SpecificDatumReader<>(type))) {
      return records.hasNext() ? records.next() : null;
    }
  }

  /** Whether an update from changes can take events away ({@link #map} with delta -1). */
  default boolean subtracts() {
    return false;
  }

  /**
   * For an analysis that cannot subtract: the key (e.g. the url) whose result an event belongs to,
   * so that an update whose changes replaced events recomputes only those events' keys from the
   * day's events and takes the others from the previous result and the added events; null (the
   * default) when the analysis cannot be updated that way (it then reads the day's events).
   */
  default String refreshKey(Event event) {
    return null;
  }

  /** The key of a record of the previous result, as {@link #refreshKey(Event)} names keys. */
  default String refreshKey(Object previousRecord) {
    return null;
  }

  /** Map side, when updating: one record of the previous result (or state) named by {@link #updatedFrom}. */
  default void previous(Object record, int part, Emitter out) throws IOException, InterruptedException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is not updated from a previous result");
  }
}
