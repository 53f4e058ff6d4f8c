package io.chunkmill.jobs.analysis;

/** Events a run added to a day since its previous result: each counts once in the updated partitions. */
public class AddedEventsMapper extends EventsMapper {
  @Override
  protected Source source() {
    return Source.ADDED;
  }
}
