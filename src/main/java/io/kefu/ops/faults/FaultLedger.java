package io.kefu.ops.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fault driver promised to check: every push Kefu acknowledged with HTTP 200, the passive replies
 * WeChat accepted, the deadlines of escalated conversations as first seen. {@link #verdict} compares it with
 * what Redis and the fake WeChat API hold afterwards. Plain Java, thread-safe.
 */
public final class FaultLedger {

  /** One customer message; {@code content} is unique per run, so it identifies the message in a transcript. */
  public record Message(String user, long msgId, String content, boolean escalation) {
  }

  /** An escalated conversation with the deadline read right after the escalation was acknowledged. */
  public record Escalation(String user, String conversationId, long deadline) {
  }

  /** What was found afterwards for one escalated conversation. */
  public record EscalationNow(String state, long deadline, long assignedAt) {
  }

  /**
   * The outcome. {@code lost}: acknowledged but not in the conversation. {@code duplicated}: in the
   * transcript more than once. {@code extraReplies}: bot users that received more replies than they sent
   * messages (user → surplus). {@code unanswered}: acknowledged bot-user messages without a reply (the
   * reply may have failed at the fake API on purpose). {@code deadlineChanged}, {@code notAssigned}: escalations.
   */
  public record Verdict(int acknowledged, int givenUp, int passiveReplies, int apiReplies, List<String> lost,
                        List<String> duplicated, Map<String, Integer> extraReplies, int unanswered,
                        List<String> unansweredUsers,
                        int escalations, List<String> deadlineChanged, List<String> notAssigned) {
    public boolean clean() {
      return lost.isEmpty() && duplicated.isEmpty() && extraReplies.isEmpty() && deadlineChanged.isEmpty()
          && notAssigned.isEmpty();
    }
  }

  private final Map<String, List<Message>> acknowledged = new LinkedHashMap<>();
  private final Map<String, Integer> passive = new HashMap<>();
  private final List<Message> givenUp = new ArrayList<>();
  private final Map<String, Escalation> escalations = new TreeMap<>();

  public synchronized void acknowledged(Message message, boolean passiveReply) {
    acknowledged.computeIfAbsent(message.user(), u -> new ArrayList<>()).add(message);
    if (passiveReply) {
      passive.merge(message.user(), 1, Integer::sum);
    }
  }

  public synchronized void gaveUp(Message message) {
    givenUp.add(message);
  }

  public synchronized void escalated(Escalation escalation) {
    escalations.putIfAbsent(escalation.conversationId(), escalation);
  }

  public synchronized List<String> users() {
    return List.copyOf(acknowledged.keySet());
  }

  public synchronized List<Escalation> escalations() {
    return List.copyOf(escalations.values());
  }

  public synchronized int acknowledgedCount() {
    return acknowledged.values().stream().mapToInt(List::size).sum();
  }

  public synchronized int givenUpCount() {
    return givenUp.size();
  }

  /**
   * @param customerTexts per user, the texts of every customer entry in all their conversations
   * @param apiReplies    per user, text messages the fake WeChat API accepted for them
   * @param now           per escalated conversation id, its state now
   */
  public synchronized Verdict verdict(Map<String, List<String>> customerTexts, Map<String, Integer> apiReplies,
                                      Map<String, EscalationNow> now) {
    List<String> lost = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    Map<String, Integer> extra = new TreeMap<>();
    int unanswered = 0;
    List<String> unansweredUsers = new ArrayList<>();
    int acked = 0;
    for (Map.Entry<String, List<Message>> user : acknowledged.entrySet()) {
      Map<String, Integer> seen = counts(customerTexts.getOrDefault(user.getKey(), List.of()));
      for (Message m : user.getValue()) {
        acked++;
        int times = seen.getOrDefault(m.content(), 0);
        if (times == 0) {
          lost.add(user.getKey() + " msgId " + m.msgId() + " '" + m.content() + "'");
        } else if (times > 1) {
          duplicated.add(user.getKey() + " msgId " + m.msgId() + " x" + times);
        }
      }
      // a user whose escalation push was given up may still have been escalated by Kefu: no bot replies expected
      if (!escalatingUser(user.getValue()) && givenUp.stream().noneMatch(m -> m.user().equals(user.getKey())
          && m.escalation())) {
        int replies = passive.getOrDefault(user.getKey(), 0) + apiReplies.getOrDefault(user.getKey(), 0);
        int messages = user.getValue().size();
        // a push the driver gave up on may still have been processed, and answered once
        int bound = messages + (int) givenUp.stream().filter(m -> m.user().equals(user.getKey())).count();
        if (replies > bound) {
          extra.put(user.getKey(), replies - bound);
        } else if (replies < messages) {
          unanswered += messages - replies;
          unansweredUsers.add(user.getKey() + " (" + replies + " replies to " + messages + " messages)");
        }
      }
    }
    List<String> changed = new ArrayList<>();
    List<String> notAssigned = new ArrayList<>();
    for (Escalation e : escalations.values()) {
      EscalationNow state = now.get(e.conversationId());
      if (state == null) {
        notAssigned.add(e.conversationId() + " (" + e.user() + "): conversation not found");
        continue;
      }
      if (state.deadline() != e.deadline()) {
        changed.add(e.conversationId() + " (" + e.user() + "): " + e.deadline() + " -> " + state.deadline());
      }
      if (!"ASSIGNED".equals(state.state())) {
        notAssigned.add(e.conversationId() + " (" + e.user() + "): " + state.state());
      }
    }
    int passiveTotal = passive.values().stream().mapToInt(Integer::intValue).sum();
    int apiTotal = apiReplies.values().stream().mapToInt(Integer::intValue).sum();
    return new Verdict(acked, givenUp.size(), passiveTotal, apiTotal, lost, duplicated, extra, unanswered,
        unansweredUsers, escalations.size(), changed, notAssigned);
  }

  private static boolean escalatingUser(Collection<Message> messages) {
    return messages.stream().anyMatch(Message::escalation);
  }

  private static Map<String, Integer> counts(List<String> texts) {
    Map<String, Integer> counts = new HashMap<>();
    for (String text : texts) {
      counts.merge(text, 1, Integer::sum);
    }
    return counts;
  }
}
