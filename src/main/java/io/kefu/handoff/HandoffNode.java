package io.kefu.handoff;

import io.kefu.app.KefuMetrics;
import io.kefu.bot.OverloadSignal;
import io.kefu.channel.wecom.GroupRobot;
import io.kefu.conversation.CustomerSchema;
import io.kefu.report.ReportRecorder;
import io.kefu.report.UnansweredLog;
import io.kefu.store.CannedReplyStore;
import io.kefu.store.CustomerDirectory;
import io.kefu.store.HandoffStore;
import io.kefu.store.InboundJournal;
import io.kefu.store.SurveyResults;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off parts of one Kefu node, built and started together: store, event stream, router, SLA timers,
 * staffing alerts, and the service agents and channels call. {@link #close()} stops its timers.
 */
public final class HandoffNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HandoffNode.class);
  private static final Duration TIMER_LEASE = Duration.ofSeconds(30);
  private static final Duration SWEEP = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final String nodeId;
  private final HandoffStore store;
  private final HandoffEvents events;
  private final Dispatcher dispatcher;
  private final SlaMonitor sla;
  private final StaffingMonitor staffing;
  private final HandoffService service;
  private final CustomerDirectory customers;
  private final CannedReplyStore canned;
  private final SurveyResults surveys;
  private final GroupRobot robot;
  private final ReportRecorder reports;
  private final long[] periodic = new long[3];

  public HandoffNode(Vertx vertx, Redis redis, String redisUrl, InboundJournal journal, CustomerChannel channel,
                     KefuMetrics metrics, HandoffSettings settings, Clock clock, OverloadSignal overload) {
    this.vertx = vertx;
    this.nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
    VertxScheduler scheduler = new VertxScheduler(vertx, clock);
    this.store = new HandoffStore(redis, clock, settings.arrivalWindow());
    this.events = new HandoffEvents(vertx, redis, redisUrl);
    this.dispatcher = new Dispatcher(store, events, metrics, scheduler, clock, settings.firstMessageTimeout(),
        settings.overflow());
    this.sla = new SlaMonitor(store, events, metrics, scheduler, clock, settings.warnings(), nodeId, TIMER_LEASE);
    this.robot = new GroupRobot(vertx, settings.robotWebhook());
    this.staffing = new StaffingMonitor(store, events, metrics, robot, settings, clock, overload);
    this.customers = new CustomerDirectory(redis, clock, CustomerSchema.DEFAULT);
    this.canned = new CannedReplyStore(redis);
    this.surveys = new SurveyResults(redis);
    this.reports = new ReportRecorder(redis, clock, new UnansweredLog(redis, clock));
    this.service = new HandoffService(store, journal, channel, customers, surveys, events, dispatcher, sla, metrics,
        reports, settings, clock);
    metrics.overload(overload::active);
    events.listen(event -> {
      String type = event.getString("type", "");
      if (type.equals("chat.first_response") || type.equals("chat.closed")) {
        sla.stop(event.getString("conversationId"));
      }
    });
    events.start();
    periodic[0] = vertx.setPeriodic(settings.dispatchInterval().toMillis(), t -> dispatcher.kick());
    periodic[1] = vertx.setPeriodic(SWEEP.toMillis(), t -> sla.sweep()
        .onFailure(err -> LOG.warn("SLA sweep failed: {}", err.toString())));
    periodic[2] = vertx.setPeriodic(settings.staffingInterval().toMillis(), t -> staffing.round());
    sla.sweep();
  }

  public String nodeId() {
    return nodeId;
  }

  public HandoffService service() {
    return service;
  }

  public HandoffStore store() {
    return store;
  }

  public HandoffEvents events() {
    return events;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public SlaMonitor sla() {
    return sla;
  }

  public StaffingMonitor staffing() {
    return staffing;
  }

  public CustomerDirectory customers() {
    return customers;
  }

  public CannedReplyStore canned() {
    return canned;
  }

  /** The statistics this node adds to the reports all nodes share. */
  public ReportRecorder reports() {
    return reports;
  }

  public SurveyResults surveys() {
    return surveys;
  }

  @Override
  public void close() {
    for (long id : periodic) {
      vertx.cancelTimer(id);
    }
    events.close();
    robot.close();
  }
}
