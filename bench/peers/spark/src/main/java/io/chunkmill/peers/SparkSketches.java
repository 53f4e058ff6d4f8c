package io.chunkmill.peers;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the sketches chunkmill's {@code distinct --approx} wrote ({@code <root>/distinct_approx/dt=…/},
 * Avro) as another tool would, and checks that Spark SQL takes them: {@code hll_sketch_estimate} of
 * each sketch equals the estimate chunkmill recorded, and {@code hll_union_agg} over the days of each
 * url has the registers of the union that the DataSketches library makes of the same sketches (their
 * composite estimates are equal).
 *
 * <p>Usage: {@code SparkSketches <root>/distinct_approx}; prints what it compared; exit 1 when
 * anything differs, 2 on bad arguments.
 */
public final class SparkSketches {
  private SparkSketches() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1 || !new File(args[0]).isDirectory()) {
      System.err.println("usage: SparkSketches <root>/distinct_approx");
      System.exit(2);
    }
    List<Row> rows = new ArrayList<>();
    Map<String, Union> unions = new TreeMap<>();
    File[] days = new File(args[0]).listFiles((d, n) -> n.startsWith("dt="));
    for (File day : days) {
      for (File f : day.listFiles((d, n) -> n.endsWith(".avro") && !n.startsWith("_") && !n.startsWith("."))) {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(f, new GenericDatumReader<>())) {
          for (GenericRecord r : reader) {
            ByteBuffer b = ((ByteBuffer) r.get("sketch")).duplicate();
            byte[] sketch = new byte[b.remaining()];
            b.get(sketch);
            String url = r.get("url").toString();
            rows.add(RowFactory.create(day.getName().substring(3), url, sketch, (Long) r.get("users")));
            unions.computeIfAbsent(url, u -> new Union((Integer) r.get("lg_k"))).update(HllSketch.heapify(sketch));
          }
        }
      }
    }
    StructType schema = new StructType().add("day", DataTypes.StringType).add("url", DataTypes.StringType)
        .add("sketch", DataTypes.BinaryType).add("estimate", DataTypes.LongType);
    SparkSession spark = SparkSession.builder().appName("chunkmill-sketches").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    int failures = 0;
    try {
      spark.createDataFrame(rows, schema).createOrReplaceTempView("sketches");
      List<Row> differing = spark.sql("SELECT day, url, estimate, hll_sketch_estimate(sketch) AS spark"
          + " FROM sketches WHERE hll_sketch_estimate(sketch) <> estimate").collectAsList();
      for (Row r : differing) {
        System.out.println("differs: " + r.getString(0) + " " + r.getString(1) + ": chunkmill " + r.getLong(2)
            + ", hll_sketch_estimate " + r.getLong(3));
      }
      failures += differing.size();
      Map<String, byte[]> sparkUnions = new HashMap<>();
      for (Row r : spark.sql("SELECT url, hll_union_agg(sketch) FROM sketches GROUP BY url").collectAsList()) {
        sparkUnions.put(r.getString(0), (byte[]) r.get(1));
      }
      for (Map.Entry<String, Union> u : unions.entrySet()) {
        // The composite estimate is a function of the registers alone; the HIP estimate a union may
        // keep depends on the order it was given the sketches, which differs between the two.
        double library = u.getValue().getResult().getCompositeEstimate();
        byte[] sql = sparkUnions.get(u.getKey());
        double fromSql = sql == null ? Double.NaN : HllSketch.heapify(sql).getCompositeEstimate();
        if (fromSql != library) {
          System.out.println("union differs: " + u.getKey() + ": DataSketches " + library + ", hll_union_agg " + fromSql);
          failures++;
        }
      }
      System.out.printf("spark %s read %d sketches of %d days (%d urls): %d estimates and %d unions over the days"
          + " compared, %d differ%n", spark.version(), rows.size(), days.length, unions.size(), rows.size(),
          unions.size(), failures);
    } finally {
      spark.stop();
    }
    System.exit(failures == 0 ? 0 : 1);
  }
}
