package io.kefu.handoff;

import io.kefu.agent.ApiErrors;
import io.kefu.agent.ApiException;
import io.kefu.app.KefuMetrics;
import io.kefu.channel.wechat.OutboundMessage;
import io.kefu.channel.wechat.WeChatApiException;
import io.kefu.conversation.Conversation;
import io.kefu.conversation.ConversationState;
import io.kefu.conversation.CustomerProfile;
import io.kefu.conversation.SurveyScore;
import io.kefu.conversation.SurveyText;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.report.ReportRecorder;
import io.kefu.routing.AssignmentPlanner.AgentSlot;
import io.kefu.routing.Presence;
import io.kefu.routing.WaitEstimate;
import io.kefu.routing.WaitEstimator;
import io.kefu.routing.WaitNotice;
import io.kefu.store.CustomerDirectory;
import io.kefu.store.HandoffStore;
import io.kefu.store.InboundJournal;
import io.kefu.store.SurveyResults;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off from bot to humans and everything agents do with a chat. Decisions live in plain classes
 * ({@code routing}); this class applies them to the store, the channel and the event stream.
 */
public final class HandoffService {
  private static final Logger LOG = LoggerFactory.getLogger(HandoffService.class);
  private static final Pattern WAIT_QUESTION = Pattern.compile(
      ".*(多久|多长时间|几位|第几|排到|排队|还要等|等了|怎么还没|有人吗|在吗|人呢).*");
  private static final Pattern LEAVE_MESSAGE = Pattern.compile("^\\s*留言.*", Pattern.DOTALL);
  static final String TICKET_TAKEN = "已收到您的留言，客服上线后会优先处理，请留意消息。";
  static final String SURVEY_THANKS = "感谢您的评价，祝您生活愉快！";

  private final HandoffStore store;
  private final InboundJournal journal;
  private final CustomerChannel channel;
  private final CustomerDirectory customers;
  private final SurveyResults surveys;
  private final HandoffEvents events;
  private final Dispatcher dispatcher;
  private final SlaMonitor sla;
  private final KefuMetrics metrics;
  private final ReportRecorder reports;
  private final HandoffSettings settings;
  private final Clock clock;
  private final WaitEstimator waits = new WaitEstimator();

  public HandoffService(HandoffStore store, InboundJournal journal, CustomerChannel channel, CustomerDirectory customers,
                        SurveyResults surveys, HandoffEvents events, Dispatcher dispatcher, SlaMonitor sla,
                        KefuMetrics metrics, ReportRecorder reports, HandoffSettings settings, Clock clock) {
    this.store = store;
    this.journal = journal;
    this.channel = channel;
    this.customers = customers;
    this.surveys = surveys;
    this.events = events;
    this.dispatcher = dispatcher;
    this.sla = sla;
    this.metrics = metrics;
    this.reports = reports;
    this.settings = settings;
    this.clock = clock;
  }

  public HandoffStore store() {
    return store;
  }

  public HandoffSettings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- customer side

  /** A conversation started: the customer's profile and history learn about it (best effort). */
  public void customerArrived(String conversationId, String channelName, String account, String user) {
    customerArrived(conversationId, channelName, account, user, null);
  }

  /** Like {@link #customerArrived(String, String, String, String)}, linking the customer by UnionID when known. */
  public void customerArrived(String conversationId, String channelName, String account, String user,
                              String unionIdOrNull) {
    customers.touch(channelName, account, user, unionIdOrNull)
        .compose(profile -> customers.linkConversation(profile.customerId(), conversationId, clock.millis()))
        .onFailure(err -> LOG.warn("Conversation {} not linked to its customer: {}", conversationId, err.toString()));
  }

  /**
   * Queues a conversation the bot escalated. Completes with the text to add to the bot's notice: the
   * customer's place in the queue and expected wait, or an offer to leave a message when the wait would
   * exceed the SLA.
   */
  public Future<String> escalate(String conversationId, String reason) {
    return store.get(conversationId).compose(c -> customers.get(c.customerId()).compose(profile -> {
      boolean vip = customers.schema().vipFor(profile);
      String skill = settings.skillFor(reason);
      Instant deadline = settings.sla().deadline(clock.instant(), vip, profile.tier());
      return store.enqueue(conversationId, skill, deadline, vip, profile.tier(), reason).compose(queued -> {
        if (!queued.queued()) {
          return store.get(conversationId).compose(now -> waitText(now, queued.position(), false));
        }
        metrics.escalated(skill);
        reports.escalated(conversationId);
        return store.get(conversationId).compose(now -> {
          sla.track(now);
          events.publish(HandoffEventsJson.chat("chat.queued", now, clock).put("position", queued.position()));
          dispatcher.kick();
          return waitText(now, queued.position(), true);
        });
      });
    }));
  }

  /**
   * A customer wrote while humans own the conversation. The message is already in the transcript; agents
   * hear about it. Completes with a passive reply (a queue answer, a ticket receipt) or null for none.
   */
  public Future<String> customerWrote(Conversation c, TranscriptEntry entry) {
    events.publish(HandoffEventsJson.chat("chat.message", c, clock).put("entry", HandoffEventsJson.entry(entry)));
    if (c.state() != ConversationState.QUEUED || !"text".equals(entry.kind())) {
      return Future.succeededFuture(null);
    }
    String text = entry.text() == null ? "" : entry.text();
    if (LEAVE_MESSAGE.matcher(text).matches()) {
      return store.setFields(c.id(), Map.of("ticket", "1", "ticketAt", Long.toString(clock.millis())))
          .compose(v -> store.get(c.id()))
          .map(now -> {
            events.publish(HandoffEventsJson.chat("chat.ticket", now, clock));
            dispatcher.kick();
            return TICKET_TAKEN;
          });
    }
    if (WAIT_QUESTION.matcher(text).matches()) {
      return store.position(c).compose(position -> waitText(c, position, false));
    }
    return Future.succeededFuture(null);
  }

  /**
   * A customer wrote to a closed conversation within the reopen window. A survey answer is recorded
   * (completes with the thanks); anything else reopens the conversation for the bot (completes with null).
   */
  public Future<String> closedConversationWrote(Conversation c, TranscriptEntry entry) {
    if ("pending".equals(c.survey()) && "text".equals(entry.kind())) {
      OptionalInt score = SurveyScore.parse(entry.text());
      if (score.isPresent()) {
        String agent = c.firstAgent().isEmpty() ? c.closedBy() : c.firstAgent();
        return surveys.record(c.id(), agent, score.getAsInt(), clock.millis())
            .compose(recorded -> store.setFields(c.id(), Map.of("survey", "done", "surveyScore",
                Integer.toString(score.getAsInt()))))
            .map(v -> {
              metrics.survey("answered");
              events.publish(HandoffEventsJson.chat("survey.answered", c, clock).put("score", score.getAsInt()));
              return SURVEY_THANKS;
            });
      }
    }
    return store.setFields(c.id(), Map.of("state", ConversationState.BOT.name(), "reopenedAt",
        Long.toString(clock.millis()), "survey", "")).map(v -> null);
  }

  private Future<String> waitText(Conversation c, int position, boolean justEscalated) {
    return store.onlineSlots().compose(slots -> store.arrivals(c.skill()).compose(arrived ->
        store.handleSeconds(c.skill(), settings.handlePrior().toSeconds()).map(handle -> {
          int servers = 0;
          int busy = 0;
          for (AgentSlot slot : slots) {
            if (slot.skills().contains(c.skill())) {
              servers += slot.capacity();
              busy += slot.load();
            }
          }
          double rate = arrived / (double) Math.max(60, settings.arrivalWindow().toSeconds());
          WaitEstimate estimate = waits.estimate(Math.max(1, position), servers, busy, rate, handle);
          Duration slaLeft = Duration.ofMillis(Math.max(0, c.deadline() - clock.millis()));
          if (justEscalated && !estimate.known()) {
            return WaitNotice.leaveMessageOffer(null);
          }
          if (justEscalated && estimate.expectedWait().compareTo(slaLeft) > 0) {
            return WaitNotice.leaveMessageOffer(estimate.expectedWait());
          }
          return WaitNotice.position(estimate);
        })));
  }

  // ---------------------------------------------------------------- agent side

  public Future<Conversation> visible(Actor actor, String conversationId) {
    return store.get(conversationId).compose(c -> {
      if (!c.exists()) {
        return Future.failedFuture(ApiErrors.notFound("no conversation " + conversationId));
      }
      if (!actor.supervisor() && !c.agent().equals(actor.id()) && !actor.canSee(c.skill())) {
        return Future.failedFuture(ApiErrors.forbidden("conversation " + conversationId
            + " belongs to a group you are not in"));
      }
      return Future.succeededFuture(c);
    });
  }

  /** Takes a queued chat (pull) or confirms one the router gave to this agent. */
  public Future<Conversation> accept(Actor actor, String conversationId) {
    return visible(actor, conversationId).compose(c -> {
      if (c.assignedTo(actor.id())) {
        return store.setFields(c.id(), Map.of("acceptedAt", Long.toString(clock.millis())))
            .compose(v -> store.get(c.id()))
            .compose(now -> events.publish(HandoffEventsJson.chat("chat.accepted", now, clock)).map(now));
      }
      if (c.state() != ConversationState.QUEUED) {
        return Future.failedFuture(ApiErrors.conflict("conversation " + c.id() + " is " + c.state()
            + (c.agent().isEmpty() ? "" : " with " + c.agent())));
      }
      return store.assign(c.id(), c.skill(), actor.id(), HandoffStore.AssignMode.PULL)
          // taking a chat from the queue is accepting it, so no "to accept" step is left for it
          .compose(result -> result.ok()
              ? store.setFields(c.id(), Map.of("acceptedAt", Long.toString(clock.millis())))
                  .compose(v -> dispatcher.assigned(c.id(), actor.id(), "pull")).compose(v -> store.get(c.id()))
              : Future.failedFuture(ApiErrors.conflict(refusal(result.outcome()))));
    });
  }

  /** Supervisor: gives a chat to an agent, taking it from whoever has it. */
  public Future<Conversation> forceAssign(Actor actor, String conversationId, String agentId) {
    return visible(actor, conversationId).compose(c -> {
      if (c.assignedTo(agentId)) {
        return Future.succeededFuture(c);
      }
      // reserved for the target while it is briefly back in the queue, so no routing round takes it meanwhile
      Future<Void> queued = c.state().withHumans()
          ? store.requeue(c, false, null, agentId).mapEmpty()
          : Future.failedFuture(ApiErrors.conflict("conversation " + c.id() + " is " + c.state()));
      return queued.compose(v -> store.assign(c.id(), c.skill(), agentId, HandoffStore.AssignMode.FORCE))
          .compose(result -> {
            if (result.ok()) {
              dispatcher.kick();
              return dispatcher.assigned(c.id(), agentId, "force").compose(v -> store.get(c.id()));
            }
            return store.get(c.id()).compose(now -> {
              if (now.assignedTo(agentId)) {
                return Future.succeededFuture(now);
              }
              // the target cannot take it: release the reservation so the router serves it
              Future<Void> released = now.state() == ConversationState.QUEUED && agentId.equals(now.preferredAgent())
                  ? store.setFields(now.id(), Map.of("preferredAgent", "")) : Future.succeededFuture();
              return released.onComplete(x -> dispatcher.kick())
                  .compose(x -> Future.failedFuture(ApiErrors.conflict(refusal(result.outcome()))));
            });
          });
    });
  }


  /** Hands a chat to another group's queue or to a named agent, keeping its deadline. */
  public Future<Conversation> transfer(Actor actor, String conversationId, String toAgent, String toSkill) {
    if ((toAgent == null) == (toSkill == null)) {
      return Future.failedFuture(ApiErrors.badRequest("give exactly one of agent or group"));
    }
    return visible(actor, conversationId).compose(c -> {
      if (!c.state().withHumans()) {
        return Future.failedFuture(ApiErrors.conflict("conversation " + c.id() + " is " + c.state()));
      }
      if (c.state() == ConversationState.ASSIGNED && !c.assignedTo(actor.id()) && !actor.supervisor()) {
        return Future.failedFuture(ApiErrors.forbidden("conversation " + c.id() + " is assigned to " + c.agent()));
      }
      Future<String> skill = toSkill != null ? Future.succeededFuture(toSkill)
          : store.agent(toAgent).compose(a -> {
            if (a.maxChats() == 0) {
              return Future.failedFuture(ApiErrors.notFound("no agent " + toAgent));
            }
            return Future.succeededFuture(a.groups().contains(c.skill()) || a.groups().isEmpty() ? c.skill()
                : a.groups().iterator().next());
          });
      return skill.compose(target -> store.requeue(c, false, target, toAgent)).compose(r -> {
        if (!r.ok()) {
          return Future.failedFuture(ApiErrors.conflict("conversation " + c.id() + " changed meanwhile; try again"));
        }
        dispatcher.forget(c.id());
        metrics.requeued(c.skill(), "transfer");
        return journal.append(c.id(), system("转接给 " + (toAgent != null ? "客服 " + toAgent : "技能组 " + toSkill)
                + "（由 " + actor.id() + " 操作）"))
            .compose(x -> store.get(c.id()))
            .compose(now -> events.publish(HandoffEventsJson.chat("chat.transferred", now, clock)
                .put("from", r.previousAgent()).put("by", actor.id())).map(now))
            .onSuccess(now -> dispatcher.kick());
      });
    });
  }

  /** Sends an agent's message to the customer; failures come back as an error and an event, never silently. */
  public Future<JsonObject> send(Actor actor, String conversationId, OutboundMessage message, String textForTranscript) {
    return visible(actor, conversationId).compose(c -> {
      if (!c.assignedTo(actor.id())) {
        return Future.failedFuture(ApiErrors.conflict("conversation " + c.id() + " is not assigned to you"));
      }
      long at = clock.millis();
      // Marked before the send, which can take seconds on a slow WeChat API: the first-message timer must not take
      // the chat away from an agent who is answering (the next agent would greet the customer a second time).
      return store.setFields(c.id(), Map.of("lastAgentMessageAt", Long.toString(at)))
          .compose(marked -> channel.send(c, message, 0)).compose(sent -> {
        metrics.agentMessage("sent");
        TranscriptEntry entry = new TranscriptEntry(TranscriptEntry.Author.AGENT, kind(message), textForTranscript, "",
            at, Map.of("agent", actor.id()));
        return journal.append(c.id(), entry)
            .compose(v -> store.markFirstResponse(c.id(), actor.id(), at))
            .compose(first -> {
              if (first && c.escalatedAt() > 0) {
                Duration frt = Duration.ofMillis(at - c.escalatedAt());
                boolean met = at <= c.deadline();
                metrics.firstResponse(c.skill(), frt, met);
                reports.firstResponse(c.id(), frt, met, at);
                sla.stop(c.id());
                events.publish(HandoffEventsJson.chat("chat.first_response", c, clock).put("frtMs", frt.toMillis())
                    .put("met", met));
              }
              events.publish(HandoffEventsJson.chat("chat.message", c, clock).put("entry", HandoffEventsJson.entry(entry)));
              return channel.window(c).map(window -> new JsonObject().put("delivered", true)
                  .put("entry", HandoffEventsJson.entry(entry)).put("window", WindowJson.of(window, clock)));
            });
      }, failure -> {
        metrics.agentMessage("failed");
        LOG.warn("Agent {}'s message to conversation {} not delivered: {}", actor.id(), c.id(), failure.toString());
        String why = AgentFailureText.of(failure);
        journal.append(c.id(), system("客服消息未送达：" + why + " | " + textForTranscript));
        events.publish(HandoffEventsJson.chat("message.failed", c, clock).put("reason", why)
            .put("kind", failure instanceof WeChatApiException e ? e.kind().name() : "ERROR"));
        return Future.failedFuture(new ApiException(502, "not_delivered", why));
      });
    });
  }

  /** An internal note: kept in the transcript for agents, never sent to the customer. */
  public Future<JsonObject> note(Actor actor, String conversationId, String text) {
    if (text == null || text.isBlank() || text.length() > 2000) {
      return Future.failedFuture(ApiErrors.badRequest("note text must be 1..2000 characters"));
    }
    return visible(actor, conversationId).compose(c -> {
      TranscriptEntry entry = new TranscriptEntry(TranscriptEntry.Author.AGENT, "note", text, "", clock.millis(),
          Map.of("agent", actor.id(), "internal", "true"));
      return journal.append(c.id(), entry).map(id -> {
        events.publish(HandoffEventsJson.chat("chat.note", c, clock).put("entry", HandoffEventsJson.entry(entry)));
        return HandoffEventsJson.entry(entry);
      });
    });
  }

  public Future<Void> typing(Actor actor, String conversationId, boolean typing) {
    return visible(actor, conversationId).compose(c -> c.assignedTo(actor.id())
        ? channel.typing(c, typing).otherwiseEmpty()
        : Future.failedFuture(ApiErrors.conflict("conversation " + c.id() + " is not assigned to you")));
  }

  /** Closes a chat; a chat an agent handled gets a satisfaction survey if the window still allows one. */
  public Future<Conversation> close(Actor actor, String conversationId) {
    return visible(actor, conversationId).compose(c -> {
      if (c.state() == ConversationState.ASSIGNED && !c.assignedTo(actor.id()) && !actor.supervisor()) {
        return Future.failedFuture(ApiErrors.forbidden("conversation " + c.id() + " is assigned to " + c.agent()));
      }
      return store.close(c, actor.id()).compose(closed -> {
        if (!closed.ok()) {
          return Future.failedFuture(ApiErrors.conflict("conversation " + c.id() + " is already "
              + (closed.outcome().equals("moved") ? "with someone else; reload" : "closed")));
        }
        sla.stop(c.id());
        dispatcher.forget(c.id());
        if (closed.assignedAt() > 0) {
          store.recordHandleTime(c.skill(), Duration.ofMillis(clock.millis() - closed.assignedAt()));
        }
        return journal.append(c.id(), system("会话已由 " + actor.id() + " 结束"))
            .compose(x -> store.get(c.id()))
            .compose(now -> {
              events.publish(HandoffEventsJson.chat("chat.closed", now, clock).put("by", actor.id()));
              dispatcher.kick();
              Future<Void> survey = settings.surveys() && closed.firstResponseAt() > 0 ? survey(now)
                  : Future.succeededFuture();
              return survey.map(now);
            });
      });
    });
  }

  private Future<Void> survey(Conversation c) {
    return channel.send(c, new OutboundMessage.Text(SurveyText.invitation()), 0).<Void>compose(sent -> {
      metrics.survey("sent");
      String agent = c.firstAgent().isEmpty() ? c.closedBy() : c.firstAgent();
      return store.setFields(c.id(), Map.of("survey", "pending", "surveyAt", Long.toString(clock.millis())))
          .compose(v -> surveys.sent(c.id(), agent, clock.millis()))
          .compose(v -> journal.append(c.id(), new TranscriptEntry(TranscriptEntry.Author.SYSTEM, "survey",
              SurveyText.invitation(), "", clock.millis(), Map.of())))
          .mapEmpty();
    }, failure -> {
      metrics.survey("not_sent");
      LOG.warn("Survey of conversation {} not sent: {}", c.id(), failure.toString());
      return journal.append(c.id(), system("未发送满意度调查：" + AgentFailureText.of(failure))).<Void>mapEmpty();
    }).otherwiseEmpty();
  }

  /** Presence change; an agent who goes away or offline hands their chats back to the queue. */
  public Future<List<String>> presence(Actor actor, Presence presence) {
    return store.setPresence(actor.id(), presence).compose(v -> {
      events.publish(new JsonObject().put("type", "agent.presence").put("at", clock.millis()).put("agent", actor.id())
          .put("presence", presence.wire()));
      if (presence == Presence.ONLINE) {
        dispatcher.kick();
        return Future.succeededFuture(List.<String>of());
      }
      return handBack(actor.id(), presence == Presence.AWAY ? "agent_away" : "agent_offline");
    });
  }

  /** Re-queues every chat of an agent (keeping deadlines). */
  public Future<List<String>> handBack(String agentId, String why) {
    return store.agent(agentId).compose(a -> store.conversations(new ArrayList<>(a.chats()))).compose(chats -> {
      List<Future<String>> moved = new ArrayList<>();
      for (Conversation c : chats) {
        if (!c.assignedTo(agentId)) {
          continue;
        }
        moved.add(store.requeue(c, false, null, null).compose(r -> {
          if (!r.ok()) {
            return Future.succeededFuture((String) null);
          }
          metrics.requeued(c.skill(), why);
          dispatcher.forget(c.id());
          return store.get(c.id()).compose(now -> events.publish(HandoffEventsJson.chat("chat.requeued", now, clock)
              .put("previousAgent", agentId).put("why", why))).map(c.id());
        }));
      }
      return Future.join(moved).map(all -> {
        List<String> ids = new ArrayList<>();
        moved.forEach(f -> {
          if (f.succeeded() && f.result() != null) {
            ids.add(f.result());
          }
        });
        if (!ids.isEmpty()) {
          LOG.info("Re-queued {} chat(s) of agent {} ({})", ids.size(), agentId, why);
          dispatcher.kick();
        }
        return ids;
      });
    });
  }

  private TranscriptEntry system(String text) {
    return new TranscriptEntry(TranscriptEntry.Author.SYSTEM, "notice", text, "", clock.millis(), Map.of());
  }

  private static String kind(OutboundMessage message) {
    return message instanceof OutboundMessage.Image ? "image" : "text";
  }

  /** Why an assignment was refused, for the agent who asked (Chinese, like every text agents read). */
  private static String refusal(String outcome) {
    return switch (outcome) {
      case "agent_full" -> "该客服的接待数已满";
      case "agent_not_online" -> "该客服不在线";
      case "skill_mismatch" -> "该客服不在此会话的技能组";
      case "not_queued" -> "会话已不在排队中（可能已被他人接入）";
      case "unknown_agent" -> "没有这个客服";
      case "agent_disabled" -> "该客服账号已停用";
      default -> "无法分配（" + outcome + "）";
    };
  }
}
