package io.kefu.report;

import java.util.List;

/**
 * Unanswered messages that say about the same thing.
 *
 * @param id       stable while the group's first (oldest) text is kept: a hash of its normalised form
 * @param text     the most frequent text of the group (the newest among equally frequent ones)
 * @param samples  the newest entries, newest first, at most {@link SimilarityGrouper#SAMPLES}
 * @param entryIds every entry of the group, for removing it once handled
 */
public record UnansweredGroup(String id, String text, int count, long lastSeenMs, List<UnansweredEntry> samples,
                              List<String> entryIds) {
}
