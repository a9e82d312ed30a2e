package io.kefu.ops.faults;

import io.kefu.app.ConfigLoader;
import io.kefu.app.KefuConfig;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.store.InboundJournal;
import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import picocli.CommandLine.Option;

/**
 * {@code kefu fault-drive}: the correctness driver of the fault scripts (loadtest/faults). It plays WeChat:
 * sends a bounded stream of signed, encrypted text messages from many users at a modest rate, retries like
 * WeChat on errors and timeouts, and serves the WeChat API (the fake, optionally slow or failing) the nodes
 * send their asynchronous answers to. It remembers every push acknowledged with HTTP 200 and every reply,
 * then checks Redis and the fake API: every acknowledged message in its conversation exactly once, no
 * customer answered twice for one message, escalated conversations keep their deadline and are assigned
 * once an agent comes online. Exit code 1 when anything was lost or duplicated.
 */
@picocli.CommandLine.Command(name = "fault-drive", mixinStandardHelpOptions = true,
    description = "Play WeChat against running Kefu nodes during a fault script and check that nothing acknowledged was lost.")
public final class FaultDriveCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, description = "YAML configuration with the account (default: config/kefu.yaml)")
  Path config;

  @Option(names = "--account", description = "configured account id (default: the first one)")
  String accountId;

  @Option(names = "--url", split = ",", defaultValue = "http://127.0.0.1:18480",
      description = "Kefu base URL(s), used in turn: nginx, or the nodes directly (default: ${DEFAULT-VALUE})")
  List<String> urls;

  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:18479", description = "the nodes' Redis, for the checks")
  String redisUrl;

  @Option(names = "--api-port", defaultValue = "18490",
      description = "port of the fake WeChat API the nodes call (their wechat.apiBase); 0: do not start it")
  int apiPort;

  @Option(names = "--users", defaultValue = "200", description = "distinct users (OpenIDs)")
  int users;

  @Option(names = "--messages", defaultValue = "1000", description = "messages to send in all")
  int messages;

  @Option(names = "--rate", defaultValue = "20", description = "new messages per second")
  double rate;

  @Option(names = "--escalate", defaultValue = "0.05",
      description = "share of users whose first message asks for a human (their chats are queued)")
  double escalateShare;

  @Option(names = "--attempt-timeout", defaultValue = "5s", description = "WeChat gives up on an attempt after this")
  String attemptTimeout;

  @Option(names = "--retries", defaultValue = "3", description = "retries per message after the first attempt (WeChat: 3)")
  int retries;

  @Option(names = "--retry-pause", defaultValue = "1s", description = "pause before a retry after an error status")
  String retryPause;

  @Option(names = "--settle", defaultValue = "15s", description = "wait this long for asynchronous answers before checking")
  String settle;

  @Option(names = "--marks", description = "file of '<epoch ms> <label>' lines a fault script appends (restarts): recovery times are printed per mark")
  Path marks;

  @Option(names = "--stop-file", description = "stop sending new messages once this file exists (the fault script is done); --messages stays the cap")
  Path stopFile;

  @Option(names = "--api-delay", description = "slow WeChat API: delay range of custom/send and typing, e.g. 2s-10s")
  String apiDelay;

  @Option(names = "--api-delay-share", defaultValue = "0", description = "share of API calls that are delayed")
  double apiDelayShare;

  @Option(names = "--api-fail", split = ",",
      description = "failing WeChat API: code:share pairs, HTTP status or errcode, e.g. 500:0.1,45015:0.05,45047:0.05,40001:0.05")
  List<String> apiFailures;

  @Option(names = "--admin-password", description = "bootstrap admin password: with it, an agent is created and goes online after the messages to take the queued chats")
  String adminPassword;

  @Option(names = "--admin", defaultValue = "admin", description = "admin id (default: ${DEFAULT-VALUE})")
  String adminId;

  @Option(names = "--assign-within", defaultValue = "60s", description = "how long the queued chats may take to be assigned")
  String assignWithin;

  @Option(names = "--agent-replies", defaultValue = "0",
      description = "once the queued chats are assigned, each agent writes this many messages to each of its chats (through custom/send, so through the fake API's faults)")
  int agentReplies;

  @Option(names = "--skill", defaultValue = "general", description = "skill group escalations go to (handoff.defaultSkill)")
  String skill;

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final FaultLedger ledger = new FaultLedger();
  private final AttemptTimeline timeline = new AttemptTimeline();
  private final AtomicInteger urlTurn = new AtomicInteger();
  private final AtomicLong msgIds = new AtomicLong(System.currentTimeMillis() * 1000);
  private final Map<String, Integer> statusCounts = new ConcurrentHashMap<>();
  private final Map<String, String> agentTokens = new ConcurrentHashMap<>();
  private final Map<String, String> agentSendResults = new ConcurrentHashMap<>();

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      return drive(vertx);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private int drive(Vertx vertx) throws Exception {
    KefuConfig cfg;
    try {
      cfg = ConfigLoader.load(vertx, config, System.getenv()).toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println(e.getCause().getMessage());
      return 2;
    }
    WeChatAccount account = accountId == null ? cfg.accounts().values().iterator().next() : cfg.accounts().get(accountId);
    if (account == null) {
      System.err.println("No account '" + accountId + "'; configured: " + cfg.accounts().keySet());
      return 2;
    }
    FakeWeChatApi api = null;
    if (apiPort > 0) {
      api = await(FakeWeChatApi.start(vertx, "127.0.0.1", apiPort));
      api.chaos(chaos());
      System.out.printf("fake WeChat API on %s (%s)%n", api.baseUrl(), api.chaos() == FakeWeChatApi.Chaos.NONE
          ? "healthy" : api.chaos());
    }
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxPoolWaiting(1024));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    WeChatPeer peer = new WeChatPeer(account);

    long started = System.currentTimeMillis();
    System.out.printf("run %s: %d messages from %d users at %.1f/s (%.0f%% escalate) to %s, %d retries%n", run,
        messages, users, rate, escalateShare * 100, urls, retries);
    sendAll(http, peer, account, redis);
    long sent = System.currentTimeMillis();
    System.out.printf("sending done after %.1f s: %d acknowledged, %d given up; settling %s%n",
        (sent - started) / 1000.0, ledger.acknowledgedCount(), ledger.givenUpCount(), settle);
    Thread.sleep(duration(settle).toMillis());

    long assignMs = -1;
    if (adminPassword != null && !ledger.escalations().isEmpty()) {
      try {
        assignMs = agentsTakeTheQueue(http, redis);
      } catch (Exception e) {
        System.out.println("WARNING: the agents could not come online: " + e.getMessage());
      }
    }
    Map<String, List<String>> texts = customerTexts(redis, account);
    Map<String, Integer> apiReplies = api == null ? Map.of() : apiReplies(api);
    Map<String, FaultLedger.EscalationNow> now = escalationsNow(redis);
    FaultLedger.Verdict verdict = ledger.verdict(texts, apiReplies, now);
    List<String> agentProblems = agentReplyProblems(api);
    print(verdict, assignMs, api);
    report("AGENT MESSAGES WRONG", agentProblems);
    boolean clean = verdict.clean() && agentProblems.isEmpty();
    System.out.println(clean ? "RESULT: nothing lost, nothing duplicated" : "RESULT: FAILED");
    redis.close();
    return clean ? 0 : 1;
  }

  // --- sending, like WeChat ---

  private void sendAll(HttpClient http, WeChatPeer peer, WeChatAccount account, Redis redis) throws Exception {
    List<String> openIds = new ArrayList<>();
    Set<String> escalating = new LinkedHashSet<>();
    for (int i = 0; i < users; i++) {
      String openId = "o_fd_" + run + "_" + i;
      openIds.add(openId);
      if (i < Math.round(users * escalateShare)) {
        escalating.add(openId);
      }
    }
    Map<String, Integer> nextIndex = new ConcurrentHashMap<>();
    Set<String> busy = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(messages);
    ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger cursor = new AtomicInteger();
    long periodMicros = Math.max(1, Math.round(1_000_000 / rate));
    ticker.scheduleAtFixedRate(() -> {
      if (issued.get() >= messages) {
        return;
      }
      if (stopFile != null && Files.exists(stopFile)) {
        // the messages never issued are not waited for
        int left = Math.max(0, messages - issued.getAndSet(messages));
        for (int i = 0; i < left; i++) {
          done.countDown();
        }
        return;
      }
      for (int tries = 0; tries < openIds.size(); tries++) {
        String openId = openIds.get(Math.floorMod(cursor.getAndIncrement(), openIds.size()));
        if (busy.add(openId)) {
          if (issued.incrementAndGet() > messages) {
            busy.remove(openId);
            return;
          }
          int index = nextIndex.merge(openId, 1, Integer::sum) - 1;
          boolean escalation = index == 0 && escalating.contains(openId);
          String text = (escalation ? "人工客服" : "你好") + " [" + run + "-" + openId.substring(openId.lastIndexOf('_') + 1)
              + "-" + index + "]";
          FaultLedger.Message message = new FaultLedger.Message(openId, msgIds.incrementAndGet(), text, escalation);
          deliver(http, peer, account, message, 0).whenComplete((ack, err) -> {
            if (ack != null && message.escalation()) {
              recordDeadline(redis, account, message, 0);
            }
            busy.remove(openId);
            done.countDown();
          });
          return;
        }
      }
      statusCounts.merge("tick_skipped_all_users_busy", 1, Integer::sum);
    }, 0, periodMicros, TimeUnit.MICROSECONDS);
    long bound = (long) (messages / rate * 1000) + (retries + 2L) * (duration(attemptTimeout).toMillis()
        + duration(retryPause).toMillis()) + 60_000;
    if (!done.await(bound, TimeUnit.MILLISECONDS)) {
      System.out.println("WARNING: not every message finished within " + bound + " ms");
    }
    ticker.shutdownNow();
  }

  /** One delivery with WeChat's retries: completes with true when acknowledged, false when given up. */
  private CompletionStage<Boolean> deliver(HttpClient http, WeChatPeer peer, WeChatAccount account,
                                           FaultLedger.Message message, int attempt) {
    long createTime = message.msgId() / 1_000_000;
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_fault_drive", message.user(), createTime,
        message.content(), message.msgId()), message.user(), account.mode(), now);
    String base = urls.get(Math.floorMod(urlTurn.getAndIncrement(), urls.size()));
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/wechat/" + account.id() + "?" + push.query()))
        .timeout(duration(attemptTimeout))
        .header("Content-Type", "text/xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(push.body(), StandardCharsets.UTF_8))
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle((response, err) -> {
          long at = System.currentTimeMillis();
          if (err == null && response.statusCode() == 200) {
            boolean passive;
            try {
              passive = peer.openReply(response.body()).get("Content") != null;
            } catch (RuntimeException badReply) {
              // WeChat drops a reply it cannot open; the push counts as acknowledged anyway
              passive = false;
              statusCounts.merge("reply_unreadable", 1, Integer::sum);
            }
            timeline.record(at, true, "200");
            statusCounts.merge("200", 1, Integer::sum);
            ledger.acknowledged(message, passive);
            return CompletableFuture.completedFuture(true);
          }
          String result = err != null ? errorName(err) : Integer.toString(response.statusCode());
          timeline.record(at, false, result);
          statusCounts.merge(result, 1, Integer::sum);
          if (attempt >= retries) {
            ledger.gaveUp(message);
            return CompletableFuture.completedFuture(false);
          }
          // a timeout is followed by the retry at once, like WeChat; an error status after a pause
          long pause = err != null && result.equals("timeout") ? 0 : duration(retryPause).toMillis();
          return CompletableFuture.supplyAsync(() -> null,
                  CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
              .thenCompose(x -> deliver(http, peer, account, message, attempt + 1));
        })
        .thenCompose(stage -> stage);
  }

  private static String errorName(Throwable err) {
    Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
        ? err.getCause() : err;
    if (cause instanceof java.net.http.HttpTimeoutException) {
      return "timeout";
    }
    if (cause instanceof java.net.ConnectException) {
      return "connect_refused";
    }
    return cause.getClass().getSimpleName();
  }

  /** The deadline right after the escalation was acknowledged (retried while Redis is away or the bot is late). */
  private void recordDeadline(Redis redis, WeChatAccount account, FaultLedger.Message message, int attempt) {
    String pointer = RedisKeys.openConversation("wechat", account.id(), message.user());
    redis.send(Request.cmd(Command.GET).arg(pointer))
        .compose(conv -> conv == null ? Future.succeededFuture(null)
            : redis.send(Request.cmd(Command.HMGET).arg(RedisKeys.conversation(conv.toString())).arg("deadline"))
                .map(r -> r.get(0) == null ? null : new FaultLedger.Escalation(message.user(), conv.toString(),
                    Long.parseLong(r.get(0).toString()))))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result() != null) {
            ledger.escalated(ar.result());
          } else if (attempt < 60) {
            CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS)
                .execute(() -> recordDeadline(redis, account, message, attempt + 1));
          } else {
            System.out.println("WARNING: no deadline found for the escalation of " + message.user());
          }
        });
  }

  // --- the agents come online and take the queue ---

  private long agentsTakeTheQueue(HttpClient http, Redis redis) throws Exception {
    String base = urls.get(0);
    String adminToken = login(http, base, adminId, adminPassword);
    int needed = ledger.escalations().size();
    int agents = (needed + io.kefu.agent.AgentAccount.MAX_CHATS - 1) / io.kefu.agent.AgentAccount.MAX_CHATS;
    List<WebSocket> sockets = new ArrayList<>();
    long online = System.currentTimeMillis();
    for (int i = 0; i < agents; i++) {
      String id = "fd" + run + "a" + i;
      String password = "fault-drive-" + run;
      JsonObject created = new JsonObject().put("id", id).put("name", "故障演练" + i).put("password", password)
          .put("roles", new JsonArray().add("agent")).put("groups", new JsonArray().add(skill))
          .put("maxChats", io.kefu.agent.AgentAccount.MAX_CHATS);
      HttpResponse<String> r = http.send(json(base + "/api/agents", adminToken, "POST", created),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("creating agent " + id + " failed: " + r.statusCode() + " " + r.body());
      }
      String token = login(http, base, id, password);
      agentTokens.put(id, token);
      String wsUrl = base.replaceFirst("^http", "ws") + "/api/ws?token=" + token;
      sockets.add(http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
      }).get(10, TimeUnit.SECONDS));
      HttpResponse<String> p = http.send(json(base + "/api/me/presence", token, "PUT",
          new JsonObject().put("presence", "online")), HttpResponse.BodyHandlers.ofString());
      if (p.statusCode() != 200) {
        throw new IllegalStateException("agent " + id + " cannot go online: " + p.statusCode() + " " + p.body());
      }
    }
    long deadline = online + duration(assignWithin).toMillis();
    while (System.currentTimeMillis() < deadline) {
      Map<String, FaultLedger.EscalationNow> now = escalationsNow(redis);
      if (now.size() == needed && now.values().stream().allMatch(e -> "ASSIGNED".equals(e.state()))) {
        long last = now.values().stream().mapToLong(FaultLedger.EscalationNow::assignedAt).max().orElse(online);
        if (agentReplies > 0) {
          agentsReply(http, redis, base);
        }
        sockets.forEach(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        return Math.max(0, last - online);
      }
      Thread.sleep(200);
    }
    sockets.forEach(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    return -1;
  }

  /** Every agent writes {@link #agentReplies} messages, one after the other, to each of its chats (all chats at once). */
  private void agentsReply(HttpClient http, Redis redis, String base) throws Exception {
    List<CompletableFuture<Void>> chats = new ArrayList<>();
    for (FaultLedger.Escalation e : ledger.escalations()) {
      Response owner = await(redis.send(Request.cmd(Command.HGET).arg(RedisKeys.conversation(e.conversationId()))
          .arg("agent")));
      String token = owner == null ? null : agentTokens.get(owner.toString());
      CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
      for (int k = 0; k < agentReplies; k++) {
        String text = "客服回复 " + k + " [" + run + "-" + e.conversationId() + "]";
        chain = chain.thenCompose(v -> {
          if (token == null) {
            agentSendResults.put(text, "no_agent");
            return CompletableFuture.completedFuture(null);
          }
          HttpRequest send = HttpRequest.newBuilder(URI.create(base + "/api/chats/" + e.conversationId() + "/messages"))
              .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("type", "text").put("text", text).encode()))
              .build();
          long started = System.nanoTime();
          return http.sendAsync(send, HttpResponse.BodyHandlers.ofString()).handle((r, err) -> {
            String result;
            if (err != null) {
              result = "no_answer " + errorName(err);
            } else if (r.statusCode() == 200) {
              result = "sent";
            } else {
              String code;
              try {
                JsonObject body = new JsonObject(r.body());
                code = body.getString("error", "?");
                agentReadTexts.merge(body.getString("message", ""), 1, Integer::sum);
              } catch (RuntimeException notJson) {
                code = "?";
              }
              result = "reported " + r.statusCode() + " " + code;
            }
            agentSendResults.put(text, result);
            agentSendMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return null;
          });
        });
      }
      chats.add(chain);
    }
    CompletableFuture.allOf(chats.toArray(CompletableFuture[]::new)).get(15, TimeUnit.MINUTES);
    // a call the client gave up on may still be answered (and delivered) by the slow fake later
    Thread.sleep(12_000);
  }

  private final List<Long> agentSendMillis = java.util.Collections.synchronizedList(new ArrayList<>());
  /** What agents were told about messages that failed, with how often. */
  private final Map<String, Integer> agentReadTexts = new ConcurrentHashMap<>();
  /** An English word in a text for agents; the few Latin names they need (AppID …) are allowed. */
  private static final java.util.regex.Pattern ENGLISH = java.util.regex.Pattern.compile("[A-Za-z]{3,}");

  /** Agent messages: what the agent was told, and how often the fake API delivered each; problems listed. */
  private List<String> agentReplyProblems(FakeWeChatApi api) {
    if (agentSendResults.isEmpty() || api == null) {
      return List.of();
    }
    Map<String, Integer> delivered = new HashMap<>();
    for (FakeWeChatApi.RecordedRequest r : api.delivered(FakeWeChatApi.SEND)) {
      if (r.body() != null && r.body().getJsonObject("text") != null) {
        delivered.merge(r.body().getJsonObject("text").getString("content", ""), 1, Integer::sum);
      }
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    int deliveredOnce = 0;
    for (Map.Entry<String, String> e : agentSendResults.entrySet()) {
      outcomes.merge(e.getValue(), 1, Integer::sum);
      int times = delivered.getOrDefault(e.getKey(), 0);
      deliveredOnce += times == 1 ? 1 : 0;
      if (times > 1) {
        problems.add("delivered " + times + " times: " + e.getKey());
      }
      if (e.getValue().equals("sent") && times == 0) {
        problems.add("agent told 'sent' but never delivered: " + e.getKey());
      }
      if (e.getValue().startsWith("no_answer")) {
        problems.add("agent got no answer (" + e.getValue() + "): " + e.getKey());
      }
    }
    new TreeMap<>(agentReadTexts).forEach((text, n) -> {
      System.out.printf("agents read %d times: %s%n", n, text);
      String names = text.replaceAll("AppID|AppSecret|OpenID|access_token", "");
      if (ENGLISH.matcher(names).find() || text.codePoints().noneMatch(c -> c >= 0x4e00 && c <= 0x9fff)) {
        problems.add("agents read a failure text that is not Chinese: " + text);
      }
    });
    long[] ms = agentSendMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("agent messages: %d, outcomes %s, delivered once %d; agent API latency p50 %d ms, max %d ms%n",
        agentSendResults.size(), outcomes, deliveredOnce, ms.length == 0 ? 0 : ms[ms.length / 2],
        ms.length == 0 ? 0 : ms[ms.length - 1]);
    return problems;
  }

  private static String login(HttpClient http, String base, String id, String password) throws Exception {
    HttpResponse<String> r = http.send(json(base + "/api/login", null, "POST",
        new JsonObject().put("id", id).put("password", password)), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login of " + id + " failed: " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getString("token");
  }

  private static HttpRequest json(String url, String token, String method, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  // --- the checks ---

  private Map<String, List<String>> customerTexts(Redis redis, WeChatAccount account) throws Exception {
    InboundJournal journal = new InboundJournal(redis, java.time.Clock.systemUTC(), Duration.ZERO, Duration.ZERO,
        Duration.ZERO);
    Map<String, List<String>> texts = new HashMap<>();
    for (String user : ledger.users()) {
      Set<String> conversations = new LinkedHashSet<>();
      String open = await(journal.openConversation("wechat", account.id(), user));
      if (open != null) {
        conversations.add(open);
      }
      Response linked = await(redis.send(Request.cmd(Command.ZRANGE)
          .arg(RedisKeys.customerConversations("wechat:" + account.id() + ":" + user)).arg(0).arg(-1)));
      if (linked != null) {
        linked.forEach(r -> conversations.add(r.toString()));
      }
      List<String> found = new ArrayList<>();
      for (String conversation : conversations) {
        for (TranscriptEntry entry : await(journal.transcript(conversation))) {
          if (entry.author() == TranscriptEntry.Author.CUSTOMER) {
            found.add(entry.text());
          }
        }
      }
      texts.put(user, found);
    }
    return texts;
  }

  private Map<String, Integer> apiReplies(FakeWeChatApi api) {
    Map<String, Integer> replies = new HashMap<>();
    for (FakeWeChatApi.RecordedRequest r : api.delivered(FakeWeChatApi.SEND)) {
      if (r.body() != null && "text".equals(r.body().getString("msgtype"))) {
        replies.merge(r.body().getString("touser"), 1, Integer::sum);
      }
    }
    return replies;
  }

  private Map<String, FaultLedger.EscalationNow> escalationsNow(Redis redis) throws Exception {
    Map<String, FaultLedger.EscalationNow> now = new HashMap<>();
    for (FaultLedger.Escalation e : ledger.escalations()) {
      Response r = await(redis.send(Request.cmd(Command.HMGET).arg(RedisKeys.conversation(e.conversationId()))
          .arg("state").arg("deadline").arg("assignedAt")));
      if (r.get(0) != null) {
        now.put(e.conversationId(), new FaultLedger.EscalationNow(r.get(0).toString(), num(r.get(1)), num(r.get(2))));
      }
    }
    return now;
  }

  private static long num(Response r) {
    return r == null ? 0 : Long.parseLong(r.toString());
  }

  private void print(FaultLedger.Verdict v, long assignMs, FakeWeChatApi api) throws Exception {
    System.out.println("attempts by result: " + new TreeMap<>(statusCounts));
    List<AttemptTimeline.Outage> outages = timeline.outages();
    for (AttemptTimeline.Outage o : outages) {
      System.out.printf("outage as WeChat saw it: %s .. %s (%.1f s), %d failed attempts %s%n",
          Instant.ofEpochMilli(o.from()), Instant.ofEpochMilli(o.to()), o.millis() / 1000.0, o.failedAttempts(),
          o.results());
    }
    if (marks != null && Files.exists(marks)) {
      for (AttemptTimeline.Recovery r : timeline.recoveries(readMarks(marks))) {
        System.out.printf("after '%s' at %s: first acknowledged push %s%n", r.label(), Instant.ofEpochMilli(r.at()),
            r.millis() < 0 ? "never" : "after " + r.millis() + " ms");
      }
    }
    if (api != null) {
      System.out.printf("fake WeChat API: %d custom/send calls, %d accepted%n", api.requests(FakeWeChatApi.SEND).size(),
          api.delivered(FakeWeChatApi.SEND).size());
    }
    System.out.printf("acknowledged %d, given up after %d retries %d; replies: %d passive + %d through the API; "
            + "bot-user messages without a reply %d%n", v.acknowledged(), retries, v.givenUp(), v.passiveReplies(),
        v.apiReplies(), v.unanswered());
    System.out.printf("escalations %d; deadline changed %d; not assigned %d%s%n", v.escalations(),
        v.deadlineChanged().size(), v.notAssigned().size(),
        assignMs >= 0 ? "; all assigned " + assignMs + " ms after the agents came online" : "");
    report("LOST (acknowledged, not in the conversation)", v.lost());
    report("DUPLICATED in the transcript", v.duplicated());
    report("ANSWERED TWICE (user: surplus replies)", v.extraReplies().entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue()).toList());
    report("ACKNOWLEDGED WITHOUT A REPLY (kept, not lost; users)", v.unansweredUsers());
    report("DEADLINE CHANGED", v.deadlineChanged());
    report("NOT ASSIGNED", v.notAssigned());
  }

  private static void report(String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    System.out.println(title + ": " + items.size());
    items.stream().limit(20).forEach(i -> System.out.println("  " + i));
  }

  static Map<Long, String> readMarks(Path file) throws java.io.IOException {
    Map<Long, String> marks = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] parts = line.strip().split("\\s+", 2);
      if (parts.length == 2 && parts[0].chars().allMatch(Character::isDigit)) {
        marks.put(Long.parseLong(parts[0]), parts[1]);
      }
    }
    return marks;
  }

  private FakeWeChatApi.Chaos chaos() {
    Duration min = Duration.ZERO;
    Duration max = Duration.ZERO;
    if (apiDelay != null) {
      String[] range = apiDelay.split("-", 2);
      min = duration(range[0]);
      max = duration(range.length > 1 ? range[1] : range[0]);
    }
    Map<Integer, Double> failures = new LinkedHashMap<>();
    if (apiFailures != null) {
      for (String f : apiFailures) {
        String[] kv = f.split(":", 2);
        failures.put(Integer.parseInt(kv[0].strip()), Double.parseDouble(kv[1].strip()));
      }
    }
    if (apiDelayShare <= 0 && failures.isEmpty()) {
      return FakeWeChatApi.Chaos.NONE;
    }
    return new FakeWeChatApi.Chaos(apiDelayShare, min, max, failures);
  }

  private static Duration duration(String text) {
    Duration d = io.kefu.app.ConfigParser.parseDuration(text.strip());
    if (d == null) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new FaultDriveCommand()),
          "not a duration: '" + text + "' (use 300ms, 5s, 2m …)");
    }
    return d;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
