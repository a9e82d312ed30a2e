package io.kefu.channel.wechat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake of the WeChat Official Account API on a local port, for tests and the fault driver
 * ({@code kefu fault-drive}): {@code /cgi-bin/token},
 * {@code /cgi-bin/stable_token}, {@code /cgi-bin/message/custom/send} and {@code .../custom/typing}; and of
 * the WeCom API: {@code /cgi-bin/gettoken}, the app's {@code message/send} and 微信客服's {@code kf/sync_msg}
 * (pages scripted per cursor with {@link #kfPage}), {@code kf/send_msg} (refused with 95018 unless the
 * session is in state 0/1), {@code kf/send_msg_on_event}, {@code kf/service_state/get|trans} and
 * {@code kf/customer/batchget} (UnionIDs from {@link #kfUnionId}).
 *
 * <p>It issues tokens {@code tok-1}, {@code tok-2}, … and accepts every token it issued until
 * {@link #rotateTokens()} makes them stale (then they get 40001). Every request is recorded.
 * Behaviour can be scripted per path: {@link #failNext} (an errcode N times), {@link #delayNext},
 * {@link #statusNext} (e.g. HTTP 500), {@link #closeConnectionNext}; or randomly for every customer-service
 * call with {@link #chaos}. Thread-safe.
 */
public final class FakeWeChatApi {
  public static final String TOKEN = "/cgi-bin/token";
  public static final String STABLE_TOKEN = "/cgi-bin/stable_token";
  public static final String SEND = "/cgi-bin/message/custom/send";
  public static final String TYPING = "/cgi-bin/message/custom/typing";
  public static final String WECOM_TOKEN = "/cgi-bin/gettoken";
  public static final String WECOM_SEND = "/cgi-bin/message/send";
  public static final String KF_SYNC = "/cgi-bin/kf/sync_msg";
  public static final String KF_SEND = "/cgi-bin/kf/send_msg";
  public static final String KF_SEND_ON_EVENT = "/cgi-bin/kf/send_msg_on_event";
  public static final String KF_STATE_GET = "/cgi-bin/kf/service_state/get";
  public static final String KF_STATE_TRANS = "/cgi-bin/kf/service_state/trans";
  public static final String KF_CUSTOMERS = "/cgi-bin/kf/customer/batchget";
  /** What the fake answers a kf/send_msg outside session states 0 and 1. */
  public static final int KF_WRONG_STATE = 95018;

  /** One request as the fake received it. */
  public record RecordedRequest(String method, String path, Map<String, String> query, JsonObject body,
      String accessToken) {
  }

  private sealed interface Behaviour {
  }

  private record Errcode(int errcode) implements Behaviour {
  }

  private record Status(int status) implements Behaviour {
  }

  private record CloseConnection() implements Behaviour {
  }

  /**
   * Random faults of {@code custom/send} and {@code custom/typing}: a share of calls answered after a delay drawn
   * uniformly from [{@code minDelay}, {@code maxDelay}], and per failure a share of calls that get it. A failure
   * code from 100 to 599 is an HTTP status without JSON, any other an {@code errcode} (45015, 45047, 40001, -1 …).
   */
  public record Chaos(double delayShare, Duration minDelay, Duration maxDelay, Map<Integer, Double> failures) {
    public static final Chaos NONE = new Chaos(0, Duration.ZERO, Duration.ZERO, Map.of());

    public Chaos {
      failures = Map.copyOf(failures);
    }
  }

  private final Vertx vertx;
  private volatile Chaos chaos = Chaos.NONE;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> delivered = new CopyOnWriteArrayList<>();
  private final Map<String, Queue<Behaviour>> behaviours = new ConcurrentHashMap<>();
  private final Map<String, Queue<Duration>> delays = new ConcurrentHashMap<>();
  private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private final List<String> issued = new CopyOnWriteArrayList<>();
  private final Map<String, Queue<JsonObject>> kfPages = new ConcurrentHashMap<>();
  private final Map<String, Integer> kfStates = new ConcurrentHashMap<>();
  private final Map<String, String> kfUnionIds = new ConcurrentHashMap<>();
  private volatile String currentStableToken;
  private volatile int expiresIn = 7200;
  private HttpServer server;

  private FakeWeChatApi(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts the fake on a random port. */
  public static Future<FakeWeChatApi> start(Vertx vertx) {
    return start(vertx, "127.0.0.1", 0);
  }

  /** Starts the fake on {@code host:port} (0 = a random port). */
  public static Future<FakeWeChatApi> start(Vertx vertx, String host, int port) {
    FakeWeChatApi fake = new FakeWeChatApi(vertx);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route("/cgi-bin/*").handler(fake::handle);
    return vertx.createHttpServer().requestHandler(router).listen(port, host).map(server -> {
      fake.server = server;
      return fake;
    });
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }

  /** All requests in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Requests to one path, e.g. {@link #SEND}. */
  public List<RecordedRequest> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** The next {@code times} requests to {@code path} get {@code {"errcode":errcode}}. */
  public FakeWeChatApi failNext(String path, int errcode, int times) {
    for (int i = 0; i < times; i++) {
      behaviours.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(new Errcode(errcode));
    }
    return this;
  }

  /** The next {@code times} requests to {@code path} get this HTTP status and no JSON. */
  public FakeWeChatApi statusNext(String path, int status, int times) {
    for (int i = 0; i < times; i++) {
      behaviours.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(new Status(status));
    }
    return this;
  }

  /** The next request to {@code path} is read completely, then its connection closed unanswered. */
  public FakeWeChatApi closeConnectionNext(String path) {
    behaviours.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(new CloseConnection());
    return this;
  }

  /** The next request to {@code path} is answered (as scripted or normally) only after {@code delay}. */
  public FakeWeChatApi delayNext(String path, Duration delay) {
    delays.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(delay);
    return this;
  }

  /** Customer-service calls answered {@code errcode 0} (what reached the customer), in order; also late ones. */
  public List<RecordedRequest> delivered(String path) {
    return delivered.stream().filter(r -> r.path().equals(path)).toList();
  }

  public Chaos chaos() {
    return chaos;
  }

  /** Random faults of every later customer-service call (see {@link Chaos}). */
  public FakeWeChatApi chaos(Chaos chaos) {
    this.chaos = chaos;
    return this;
  }

  /** {@code expires_in} of tokens issued from now on (default 7200). */
  public FakeWeChatApi expiresIn(int seconds) {
    this.expiresIn = seconds;
    return this;
  }

  /** Every token issued so far becomes stale: API calls with it get 40001. */
  public FakeWeChatApi rotateTokens() {
    validTokens.clear();
    currentStableToken = null;
    return this;
  }

  /**
   * Scripts what {@code kf/sync_msg} answers for {@code openKfId} at {@code cursor} (null: the first pull).
   * Several answers for one cursor are given in order, the last one again and again; an answer with an
   * {@code errcode} is a scripted failure. An unscripted cursor gets an empty last page.
   */
  public FakeWeChatApi kfPage(String openKfId, String cursor, JsonObject answer) {
    kfPages.computeIfAbsent(openKfId + "|" + (cursor == null ? "" : cursor), k -> new ConcurrentLinkedQueue<>())
        .add(answer);
    return this;
  }

  /** A {@code kf/sync_msg} page: these items, then {@code nextCursor}, more pages when {@code hasMore}. */
  public static JsonObject page(String nextCursor, boolean hasMore, JsonObject... items) {
    io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
    for (JsonObject item : items) {
      list.add(item);
    }
    return new JsonObject().put("errcode", 0).put("errmsg", "ok").put("next_cursor", nextCursor)
        .put("has_more", hasMore ? 1 : 0).put("msg_list", list);
  }

  /** A customer's (origin 3) text item of a {@code kf/sync_msg} page. */
  public static JsonObject kfText(String msgid, String openKfId, String externalUserId, String content) {
    return new JsonObject().put("msgid", msgid).put("open_kfid", openKfId).put("external_userid", externalUserId)
        .put("send_time", System.currentTimeMillis() / 1000).put("origin", 3).put("msgtype", "text")
        .put("text", new JsonObject().put("content", content));
  }

  /** An event item (origin 4) of a {@code kf/sync_msg} page; {@code event} carries event_type and its fields. */
  public static JsonObject kfEvent(String msgid, String openKfId, String externalUserId, JsonObject event) {
    return new JsonObject().put("msgid", msgid).put("send_time", System.currentTimeMillis() / 1000)
        .put("origin", 4).put("msgtype", "event")
        .put("event", event.copy().put("open_kfid", openKfId).put("external_userid", externalUserId));
  }

  /** The 微信客服 session state the fake holds for a customer (0 when never set). */
  public int kfState(String openKfId, String externalUserId) {
    return kfStates.getOrDefault(openKfId + "|" + externalUserId, 0);
  }

  /** Sets a session state as a WeCom servicer's action in the WeCom client would. */
  public FakeWeChatApi kfState(String openKfId, String externalUserId, int state) {
    kfStates.put(openKfId + "|" + externalUserId, state);
    return this;
  }

  /** {@code kf/customer/batchget} answers this UnionID for the customer. */
  public FakeWeChatApi kfUnionId(String externalUserId, String unionId) {
    kfUnionIds.put(externalUserId, unionId);
    return this;
  }

  /** Tokens issued so far, oldest first. */
  public List<String> issuedTokens() {
    return List.copyOf(issued);
  }

  private void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    Map<String, String> query = new LinkedHashMap<>();
    ctx.queryParams().forEach(e -> query.put(e.getKey(), e.getValue()));
    JsonObject body = null;
    if (ctx.body() != null && ctx.body().length() > 0) {
      try {
        body = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        body = new JsonObject().put("unparseable", ctx.body().asString());
      }
    }
    requests.add(new RecordedRequest(ctx.request().method().name(), path, Map.copyOf(query), body,
        query.get("access_token")));
    JsonObject requestBody = body;
    Duration delay = poll(delays, path);
    Chaos random = chaos;
    boolean customerService = path.equals(SEND) || path.equals(TYPING);
    if (delay == null && customerService && random.delayShare() > 0
        && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < random.delayShare()) {
      long min = random.minDelay().toMillis();
      long max = Math.max(min, random.maxDelay().toMillis());
      delay = Duration.ofMillis(min + java.util.concurrent.ThreadLocalRandom.current().nextLong(max - min + 1));
    }
    if (delay != null) {
      vertx.setTimer(Math.max(1, delay.toMillis()), id -> respond(ctx, path, query, requestBody));
    } else {
      respond(ctx, path, query, requestBody);
    }
  }

  private void respond(RoutingContext ctx, String path, Map<String, String> query, JsonObject body) {
    if (ctx.response().closed()) {
      return;
    }
    Behaviour scripted = poll(behaviours, path);
    if (scripted == null && (path.equals(SEND) || path.equals(TYPING))) {
      scripted = randomFailure(chaos);
    }
    if (scripted instanceof CloseConnection) {
      ctx.request().connection().close();
      return;
    }
    if (scripted instanceof Status status) {
      ctx.response().setStatusCode(status.status()).end("fake failure");
      return;
    }
    if (scripted instanceof Errcode error) {
      json(ctx, new JsonObject().put("errcode", error.errcode()).put("errmsg", "scripted error"));
      return;
    }
    switch (path) {
      case TOKEN -> json(ctx, tokenAnswer(issue()));
      case STABLE_TOKEN -> {
        boolean force = body != null && body.getBoolean("force_refresh", false);
        String token = currentStableToken;
        if (force || token == null || !validTokens.contains(token)) {
          token = issue();
          currentStableToken = token;
        }
        json(ctx, tokenAnswer(token));
      }
      case SEND, TYPING -> {
        if (tokenAccepted(ctx, query, 40001)) {
          delivered.add(new RecordedRequest(ctx.request().method().name(), path, Map.copyOf(query), body,
              query.get("access_token")));
          json(ctx, ok());
        }
      }
      case WECOM_TOKEN -> {
        if (query.get("corpid") == null || query.get("corpsecret") == null) {
          json(ctx, new JsonObject().put("errcode", 41002).put("errmsg", "corpid missing"));
        } else {
          json(ctx, tokenAnswer(issue()).put("errcode", 0).put("errmsg", "ok"));
        }
      }
      case WECOM_SEND, KF_SEND_ON_EVENT -> {
        if (tokenAccepted(ctx, query, 40014)) {
          json(ctx, ok().put("msgid", "fake-" + requests.size()));
        }
      }
      case KF_SEND -> {
        if (tokenAccepted(ctx, query, 40014)) {
          int state = kfState(body.getString("open_kfid"), body.getString("touser"));
          json(ctx, state <= 1 ? ok().put("msgid", body.getString("msgid", "fake-" + requests.size()))
              : new JsonObject().put("errcode", KF_WRONG_STATE).put("errmsg", "session state " + state));
        }
      }
      case KF_SYNC -> {
        if (tokenAccepted(ctx, query, 40014)) {
          Queue<JsonObject> answers = kfPages.get(body.getString("open_kfid") + "|" + body.getString("cursor", ""));
          JsonObject answer = answers == null ? null : answers.size() > 1 ? answers.poll() : answers.peek();
          json(ctx, answer != null ? answer : page(body.getString("cursor", ""), false));
        }
      }
      case KF_STATE_GET -> {
        if (tokenAccepted(ctx, query, 40014)) {
          json(ctx, ok().put("service_state", kfState(body.getString("open_kfid"), body.getString("external_userid")))
              .put("servicer_userid", ""));
        }
      }
      case KF_STATE_TRANS -> {
        if (tokenAccepted(ctx, query, 40014)) {
          int target = body.getInteger("service_state");
          kfState(body.getString("open_kfid"), body.getString("external_userid"), target);
          json(ctx, target >= 2 ? ok().put("msg_code", "code-" + requests.size()) : ok());
        }
      }
      case KF_CUSTOMERS -> {
        if (tokenAccepted(ctx, query, 40014)) {
          io.vertx.core.json.JsonArray customers = new io.vertx.core.json.JsonArray();
          for (Object id : body.getJsonArray("external_userid_list")) {
            JsonObject customer = new JsonObject().put("external_userid", id).put("nickname", "客户");
            if (kfUnionIds.containsKey(id.toString())) {
              customer.put("unionid", kfUnionIds.get(id.toString()));
            }
            customers.add(customer);
          }
          json(ctx, ok().put("customer_list", customers));
        }
      }
      default -> ctx.response().setStatusCode(404).end();
    }
  }

  /** True when the request's token is one the fake issued; otherwise answers {@code rejection} and returns false. */
  private boolean tokenAccepted(RoutingContext ctx, Map<String, String> query, int rejection) {
    String token = query.get("access_token");
    if (token != null && validTokens.contains(token)) {
      return true;
    }
    json(ctx, new JsonObject().put("errcode", rejection)
        .put("errmsg", "invalid credential, access_token is invalid or not latest"));
    return false;
  }

  private static JsonObject ok() {
    return new JsonObject().put("errcode", 0).put("errmsg", "ok");
  }

  private static Behaviour randomFailure(Chaos chaos) {
    double draw = java.util.concurrent.ThreadLocalRandom.current().nextDouble();
    for (Map.Entry<Integer, Double> failure : chaos.failures().entrySet()) {
      draw -= failure.getValue();
      if (draw < 0) {
        int code = failure.getKey();
        return code >= 100 && code < 600 ? new Status(code) : new Errcode(code);
      }
    }
    return null;
  }

  private synchronized String issue() {
    String token = "tok-" + (issued.size() + 1);
    issued.add(token);
    validTokens.add(token);
    return token;
  }

  private JsonObject tokenAnswer(String token) {
    return new JsonObject().put("access_token", token).put("expires_in", expiresIn);
  }

  private static void json(RoutingContext ctx, JsonObject json) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(json.encode());
  }

  private static <T> T poll(Map<String, Queue<T>> queues, String path) {
    Queue<T> queue = queues.get(path);
    return queue == null ? null : queue.poll();
  }
}
