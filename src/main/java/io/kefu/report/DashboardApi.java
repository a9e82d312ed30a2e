package io.kefu.report;

import io.kefu.agent.AgentAccount;
import io.kefu.agent.AgentAuth;
import io.kefu.agent.AgentDirectory;
import io.kefu.agent.ApiErrors;
import io.kefu.agent.ApiReplies;
import io.kefu.agent.Role;
import io.kefu.bot.OverloadSignal;
import io.kefu.conversation.Conversation;
import io.kefu.conversation.SurveyReport;
import io.kefu.handoff.HandoffSettings;
import io.kefu.handoff.StaffingMonitor;
import io.kefu.routing.StaffingStatus;
import io.kefu.store.HandoffStore;
import io.kefu.store.SurveyResults;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/dashboard} and {@code /api/dashboard/charts}: what supervisors and ops watch. Everything comes from
 * Redis (counters and samples every node writes, queues, agents), so every node shows the same numbers.
 */
public final class DashboardApi {
  public static final int MAX_CHART_HOURS = 168;
  private static final int OLDEST_SCAN = 200;
  private static final Duration NO_ESTIMATE = Duration.ofDays(365);

  private final AgentAuth auth;
  private final AgentDirectory directory;
  private final HandoffStore store;
  private final StaffingMonitor staffing;
  private final HandoffSettings settings;
  private final SurveyResults surveys;
  private final ReportQueries reports;
  private final ReportWindows windows;
  private final OverloadSignal overload;

  public DashboardApi(AgentAuth auth, AgentDirectory directory, HandoffStore store, StaffingMonitor staffing,
                      HandoffSettings settings, SurveyResults surveys, ReportQueries reports, ReportWindows windows,
                      OverloadSignal overload) {
    this.auth = auth;
    this.directory = directory;
    this.store = store;
    this.staffing = staffing;
    this.settings = settings;
    this.surveys = surveys;
    this.reports = reports;
    this.windows = windows;
    this.overload = overload;
  }

  public void mount(Router router) {
    router.route("/api/dashboard*").handler(auth.authenticate());
    router.get("/api/dashboard").handler(AgentAuth.require(Role.SUPERVISOR, Role.OPS)).handler(this::live);
    router.get("/api/dashboard/charts").handler(AgentAuth.require(Role.SUPERVISOR, Role.OPS)).handler(this::charts);
  }

  private void live(RoutingContext ctx) {
    reply(ctx, live());
  }

  /** The live dashboard: SLA attainment (last hour, today), FRT percentiles of the last hour, groups, agents. */
  public Future<JsonObject> live() {
    long now = windows.now();
    Future<List<FrtSample>> lastHour = reports.firstResponses(now - ReportWindows.HOUR_MS, now);
    Future<List<HourCounts>> today = reports.hours(windows.hoursOfToday());
    Future<JsonArray> groups = groups(now);
    Future<JsonArray> agents = agents();
    return Future.all(lastHour, today, groups, agents).map(done -> {
      List<Long> frts = new ArrayList<>();
      long met = 0;
      for (FrtSample s : lastHour.result()) {
        frts.add(s.frtMs());
        met += s.met() ? 1 : 0;
      }
      SlaCount todaySla = SlaCount.NONE;
      for (HourCounts h : today.result()) {
        todaySla = todaySla.plus(h.sla());
      }
      return new JsonObject().put("at", now).put("slaTarget", settings.serviceLevelGoal())
          .put("sla", new JsonObject().put("lastHour", json(new SlaCount(met, frts.size())))
              .put("today", json(todaySla)))
          .put("frt", json(FrtSummary.of(frts)))
          .put("groups", groups.result())
          .put("agents", agents.result())
          .put("overload", overload.active());
    });
  }

  private Future<JsonArray> groups(long now) {
    return staffing.assess().compose(statuses -> {
      List<Future<JsonObject>> rows = new ArrayList<>();
      for (StaffingStatus status : statuses) {
        String skill = status.skill();
        rows.add(store.queueLength(skill).compose(length -> store.queued(skill, OLDEST_SCAN).map(queued -> {
          long oldest = 0;
          for (Conversation c : queued) {
            if (c.escalatedAt() > 0) {
              oldest = Math.max(oldest, now - c.escalatedAt());
            }
          }
          Long expected = staffing.expectedWait(skill).filter(w -> w.compareTo(NO_ESTIMATE) < 0)
              .map(Duration::toMillis).orElse(null);
          return new JsonObject().put("skill", skill).put("queued", length).put("oldestWaitMs", oldest)
              .put("expectedWaitMs", expected).put("agentsOnline", status.onlineAgents())
              .put("agentsRequired", status.requiredAgents())
              .put("level", status.level().name().toLowerCase(Locale.ROOT));
        })));
      }
      return Future.all(rows).map(done -> {
        List<JsonObject> sorted = new ArrayList<>();
        rows.forEach(r -> sorted.add(r.result()));
        sorted.sort((a, b) -> a.getString("skill").compareTo(b.getString("skill")));
        return new JsonArray(new ArrayList<>(sorted));
      });
    });
  }

  private Future<JsonArray> agents() {
    return directory.list().compose(accounts -> {
      List<AgentAccount> humans = accounts.stream().filter(a -> !a.disabled() && a.has(Role.AGENT))
          .toList();
      List<Future<HandoffStore.AgentState>> states = humans.stream().map(a -> store.agent(a.id())).toList();
      return Future.all(states).map(done -> {
        JsonArray out = new JsonArray();
        for (int i = 0; i < humans.size(); i++) {
          AgentAccount account = humans.get(i);
          HandoffStore.AgentState state = states.get(i).result();
          out.add(new JsonObject().put("id", account.id()).put("name", account.name())
              .put("presence", state.presence().wire()).put("chats", state.chats().size())
              .put("maxChats", account.maxChats()).put("groups", new JsonArray(new ArrayList<>(account.groups()))));
        }
        return out;
      });
    });
  }

  private void charts(RoutingContext ctx) {
    int hours;
    String raw = ctx.queryParam("hours").isEmpty() ? "24" : ctx.queryParam("hours").get(0);
    try {
      hours = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      hours = -1;
    }
    if (hours < 1 || hours > MAX_CHART_HOURS) {
      ApiErrors.send(ctx, ApiErrors.badRequest("hours must be a whole number between 1 and " + MAX_CHART_HOURS));
      return;
    }
    reply(ctx, charts(hours));
  }

  /** The charts over the last {@code hours} hour buckets (the current hour included). */
  public Future<JsonObject> charts(int hours) {
    long now = windows.now();
    List<Long> buckets = windows.lastHours(hours);
    Future<List<HourCounts>> counts = reports.hours(buckets);
    Future<SurveyReport> survey = surveys.report(buckets.get(0), now + 1);
    return Future.all(counts, survey).map(done -> {
      long[] bins = new long[FrtBuckets.COUNT];
      JsonArray hourly = new JsonArray();
      for (HourCounts h : counts.result()) {
        long[] b = h.frtBuckets();
        for (int i = 0; i < bins.length; i++) {
          bins[i] += b[i];
        }
        hourly.add(new JsonObject().put("hour", h.hourStartMs()).put("messages", h.messages())
            .put("escalations", h.escalations()).put("botAnswered", h.botAnswered()));
      }
      JsonArray binCounts = new JsonArray();
      for (long bin : bins) {
        binCounts.add(bin);
      }
      Containment containment = Containment.of(counts.result());
      SurveyReport s = survey.result();
      JsonObject distribution = new JsonObject();
      for (int score = 1; score <= 5; score++) {
        distribution.put(Integer.toString(score), s.count(score));
      }
      return new JsonObject()
          .put("frt", new JsonObject().put("bucketsSeconds", new JsonArray(new ArrayList<>(FrtBuckets.BOUNDS_SECONDS)))
              .put("counts", binCounts))
          .put("hourly", hourly)
          .put("containment", new JsonObject().put("conversations", containment.conversations())
              .put("contained", containment.contained()).put("rate", containment.rate()))
          .put("satisfaction", new JsonObject().put("answered", s.responses())
              .put("average", s.responses() == 0 ? null : s.average()).put("distribution", distribution));
    });
  }

  static JsonObject json(SlaCount sla) {
    return new JsonObject().put("met", sla.met()).put("total", sla.total()).put("attainment", sla.attainment());
  }

  static JsonObject json(FrtSummary frt) {
    return new JsonObject().put("count", frt.count()).put("p50Ms", frt.p50Ms()).put("p90Ms", frt.p90Ms())
        .put("p99Ms", frt.p99Ms()).put("maxMs", frt.maxMs());
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        ApiReplies.json(ctx, 200, ar.result());
      } else {
        ApiErrors.send(ctx, ar.cause());
      }
    });
  }
}
