package io.chunkmill.jobs.analysis;

/**
 * Events a run replaced (they left their day): each takes one off the results of the updated
 * partitions whose analysis subtracts.
 */
public class ReplacedEventsMapper extends EventsMapper {
  @Override
  protected Source source() {
    return Source.REPLACED;
  }
}
