package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.DistinctKey;
import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.jobs.analysis.AnalysisReducer;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;

/**
 * One call per (day, url) with its users in sorted order: counts the changes of user, so that no
 * url's users are ever held in memory, however many it has. The framework updates the key as the
 * values advance, which is what exposes each user.
 */
public class CountDistinctUsersReducer extends AnalysisReducer<AvroKey<DistinctKey>, NullWritable, DistinctUsers> {
  static final String OUTPUT = "distinct";

  public CountDistinctUsersReducer() {
    super(OUTPUT);
  }

  @Override
  protected void reduce(AvroKey<DistinctKey> key, Iterable<NullWritable> values, Context context)
      throws IOException, InterruptedException {
    String url = key.datum().getUrl();
    int part = key.datum().getPart();
    long users = 0;
    String previous = null;
    for (NullWritable ignored : values) {
      String user = key.datum().getUser();
      if (!user.equals(previous)) {
        users++;
        previous = user;
      }
    }
    write(context, part, new DistinctUsers(url, users));
  }
}
