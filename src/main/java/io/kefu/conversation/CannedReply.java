package io.kefu.conversation;

import io.kefu.kb.FaqEntry;
import java.util.List;
import java.util.Objects;

/**
 * A ready-made answer an agent can send.
 *
 * @param owner agent id of a personal reply; null for a reply shared by all agents (every kb reply)
 */
public record CannedReply(String id, String title, String text, List<String> tags, Source source, String owner) {

  public static final String KB_PREFIX = "kb:";

  public enum Source {
    /** Imported from the FAQ knowledge base, read-only. */
    KB,
    /** Written by an agent or a supervisor. */
    AGENT
  }

  public CannedReply {
    Objects.requireNonNull(source, "source");
    title = title == null ? "" : title;
    text = text == null ? "" : text;
    tags = List.copyOf(tags == null ? List.of() : tags);
  }

  /** A FAQ entry as a shared canned reply: question → title, answer → text, id {@code kb:<faqId>}. */
  public static CannedReply fromFaq(FaqEntry faq) {
    return new CannedReply(KB_PREFIX + faq.id(), faq.question(), faq.answer(), faq.tags(), Source.KB, null);
  }

  public boolean shared() {
    return owner == null;
  }

  /** Whether the agent sees this reply: shared ones and their own. */
  public boolean visibleTo(String agentId) {
    return owner == null || owner.equals(agentId);
  }
}
