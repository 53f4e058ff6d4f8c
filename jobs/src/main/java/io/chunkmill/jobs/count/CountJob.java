package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.jobs.Args;
import io.chunkmill.jobs.analysis.AnalysisProgram;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code count --by url,user,hour,day <root>}: events per key per UTC day (docs/CONTRACT.md §3). Reads
 * {@code <root>/events/dt=…}; writes {@code <root>/counts/<by>/dt=…} ({@code CountRecord}),
 * every requested facet in one pass over the events. Counts are aggregated in the mapper and by a
 * combiner, so map output grows with distinct keys, not events. Key: {@link CountConfig#FACETS}.
 */
public class CountJob extends AnalysisProgram {
  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new CountJob(), args));
  }

  @Override
  protected String name() {
    return "count";
  }

  @Override
  protected String usage() {
    return "[--by url,user,hour,day] <root>";
  }

  @Override
  protected Set<String> options() {
    return Set.of("by");
  }

  @Override
  protected void validate(Args args) {
    Facet.parseList(args.get("by", CountConfig.DEFAULT_FACETS));
  }

  @Override
  protected List<String> datasets(Args args) {
    return Facet.parseList(args.get("by", CountConfig.DEFAULT_FACETS)).stream().map(Facet::dataset).toList();
  }

  @Override
  protected Schema outputSchema(String dataset) {
    return CountRecord.getClassSchema();
  }

  @Override
  protected void configure(Job job, Args args) {
    CountConfig.setFacets(job.getConfiguration(), Facet.parseList(args.get("by", CountConfig.DEFAULT_FACETS)));
    job.setMapperClass(CountEventsMapper.class);
    job.setCombinerClass(SumCountsCombiner.class);
    job.setReducerClass(SumCountsReducer.class);
    AvroJob.setMapOutputKeySchema(job, CountKey.getClassSchema());
    AvroJob.setMapOutputValueSchema(job, Schema.create(Schema.Type.LONG));
    addResultOutput(job, SumCountsReducer.OUTPUT, CountRecord.getClassSchema());
  }
}
