package io.kefu.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.bot.Decision;
import io.kefu.bot.KeywordResponder;
import io.kefu.bot.Responder;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.Signatures;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatAccount.MessageMode;
import io.kefu.channel.wechat.WeChatPeer;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.store.InboundJournal;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real server on a random port, a real Redis, the fake WeChat API: pushes in, replies checked as WeChat would. */
@ExtendWith(VertxExtension.class)
class OfficialAccountCallbackTest {
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);

  private KefuServer server;
  private FakeWeChatApi fakeApi;
  private WebClient client;
  private WeChatAccount account;
  private WeChatPeer peer;
  private PrometheusMeterRegistry registry;

  private Future<Void> start(Vertx vertx, String mode, Responder responder, JsonObject overrides) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    client = WebClient.create(vertx);
    return FakeWeChatApi.start(vertx).compose(fake -> {
      fakeApi = fake;
      JsonObject tree = TestServers.config(fake.baseUrl(), mode).mergeIn(overrides, true);
      KefuConfig config = ConfigParser.parse(tree);
      account = config.accounts().values().iterator().next();
      peer = new WeChatPeer(account);
      return KefuServer.start(vertx, config, registry, Clock.systemUTC(), responder);
    }).map(s -> {
      server = s;
      return null;
    });
  }

  private Future<Void> start(Vertx vertx, String mode) {
    return start(vertx, mode, new KeywordResponder(), new JsonObject());
  }

  @AfterEach
  void stop(Vertx vertx) throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get();
    }
    if (fakeApi != null) {
      fakeApi.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static String openId() {
    return "o" + UUID.randomUUID().toString().replace("-", "");
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private Future<HttpResponse<Buffer>> post(WeChatPeer.Push push) {
    return post(push.query(), Buffer.buffer(push.body()));
  }

  private Future<HttpResponse<Buffer>> post(String query, Buffer body) {
    return client.request(HttpMethod.POST, server.port(), "127.0.0.1", "/wechat/" + account.id() + "?" + query)
        .sendBuffer(body);
  }

  private WeChatPeer.Push text(String openId, String content, long msgId, MessageMode mode) {
    return peer.push(WeChatPeer.textXml("gh_test", openId, now(), content, msgId), openId, mode, now());
  }

  private Future<List<TranscriptEntry>> transcriptOf(String openId) {
    InboundJournal journal = new InboundJournal(server.redis(), Clock.systemUTC(), Duration.ofSeconds(1),
        Duration.ofMinutes(1), Duration.ofMinutes(30));
    return journal.openConversation("wechat", account.id(), openId)
        .compose(id -> id == null ? Future.succeededFuture(List.of()) : journal.transcript(id));
  }

  @Test
  void urlVerificationEchoesEchostr(Vertx vertx, VertxTestContext ctx) {
    start(vertx, "safe").compose(v -> {
      String ts = Long.toString(now());
      String query = "signature=" + Signatures.signature(account.token(), ts, "123") + "&timestamp=" + ts
          + "&nonce=123&echostr=4375120948345356249";
      return client.get(server.port(), "127.0.0.1", "/wechat/" + account.id() + "?" + query).send();
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.bodyAsString()).isEqualTo("4375120948345356249");
      ctx.completeNow();
    })));
  }

  @Test
  void safeModeTextGetsEncryptedPassiveReplyAndIsWrittenToTheTranscript(Vertx vertx, VertxTestContext ctx) {
    String openId = openId();
    start(vertx, "safe").compose(v -> post(text(openId, "我想退货", MSG_IDS.incrementAndGet(), MessageMode.SAFE)))
        .compose(r -> {
          ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsString()).contains("<Encrypt>").doesNotContain("退货");
            Map<String, String> reply = peer.openReply(r.bodyAsString());
            assertThat(reply).containsEntry("MsgType", "text").containsEntry("ToUserName", openId)
                .containsEntry("FromUserName", "gh_test");
            assertThat(reply.get("Content")).contains("7 天无理由退货");
          });
          return transcriptOf(openId);
        })
        .onComplete(ctx.succeeding(entries -> ctx.verify(() -> {
          assertThat(entries).extracting(TranscriptEntry::author)
              .containsExactly(TranscriptEntry.Author.CUSTOMER, TranscriptEntry.Author.BOT);
          assertThat(entries.get(0).text()).isEqualTo("我想退货");
          assertThat(entries.get(1).text()).contains("7 天无理由退货");
          ctx.completeNow();
        })));
  }

  @Test
  void compatibleAndPlaintextModesAnswerInKind(Vertx vertx, VertxTestContext ctx) {
    String openId = openId();
    start(vertx, "compatible")
        .compose(v -> post(text(openId, "你好", MSG_IDS.incrementAndGet(), MessageMode.COMPATIBLE)))
        .compose(r -> {
          ctx.verify(() -> assertThat(peer.openReply(r.bodyAsString()).get("Content")).contains("智能客服"));
          return post(text(openId, "发票怎么开", MSG_IDS.incrementAndGet(), MessageMode.PLAINTEXT));
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.bodyAsString()).doesNotContain("<Encrypt>").contains("电子发票");
          ctx.completeNow();
        })));
  }

  @Test
  void retryOfSameMsgIdGetsSameReplyAndIsStoredOnce(Vertx vertx, VertxTestContext ctx) {
    String openId = openId();
    long msgId = MSG_IDS.incrementAndGet();
    start(vertx, "safe").compose(v -> post(text(openId, "快递到哪了", msgId, MessageMode.SAFE)))
        .compose(first -> post(text(openId, "快递到哪了", msgId, MessageMode.SAFE))
            .map(second -> List.of(first, second)))
        .compose(both -> {
          ctx.verify(() -> {
            Map<String, String> first = peer.openReply(both.get(0).bodyAsString());
            Map<String, String> second = peer.openReply(both.get(1).bodyAsString());
            assertThat(second.get("Content")).isEqualTo(first.get("Content")).contains("物流");
            assertThat(both.get(0).bodyAsString()).as("re-encrypted, not replayed bytes")
                .isNotEqualTo(both.get(1).bodyAsString());
          });
          return transcriptOf(openId);
        })
        .onComplete(ctx.succeeding(entries -> ctx.verify(() -> {
          assertThat(entries).filteredOn(e -> e.author() == TranscriptEntry.Author.CUSTOMER).hasSize(1);
          assertThat(entries).filteredOn(e -> e.author() == TranscriptEntry.Author.BOT).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentDuplicateDeliveriesRunTheBotOnce(Vertx vertx, VertxTestContext ctx) {
    String openId = openId();
    long msgId = MSG_IDS.incrementAndGet();
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    Responder counting = request -> {
      calls.incrementAndGet();
      CompletableFuture<Decision> later = new CompletableFuture<>();
      vertx.setTimer(200, t -> later.complete(new Decision.Answer("好的，已为您记录。", "test")));
      return later;
    };
    start(vertx, "safe", counting, new JsonObject())
        .compose(v -> {
          WeChatPeer.Push push = text(openId, "重复", msgId, MessageMode.SAFE);
          return Future.all(post(push), post(push), post(push));
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(calls).as("bot runs").hasValue(1);
          for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> r = all.resultAt(i);
            assertThat(peer.openReply(r.bodyAsString()).get("Content")).isEqualTo("好的，已为您记录。");
          }
          ctx.completeNow();
        })));
  }

  @Test
  void slowAnswerIsAcknowledgedWithSuccessAndSentThroughTheApi(Vertx vertx, VertxTestContext ctx) {
    String openId = openId();
    Responder slow = request -> {
      CompletableFuture<Decision> later = new CompletableFuture<>();
      vertx.setTimer(600, t -> later.complete(new Decision.Answer("久等了，您的订单已发货。", "test")));
      return later;
    };
    start(vertx, "safe", slow, new JsonObject().put("wechat", new JsonObject().put("replyBudget", "100ms")))
        .compose(v -> post(text(openId, "我的订单呢", MSG_IDS.incrementAndGet(), MessageMode.SAFE)))
        .onComplete(ctx.succeeding(r -> {
          ctx.verify(() -> assertThat(r.bodyAsString()).isEqualTo("success"));
          vertx.setPeriodic(50, id -> {
            List<FakeWeChatApi.RecordedRequest> sends = fakeApi.requests(FakeWeChatApi.SEND);
            if (!sends.isEmpty()) {
              vertx.cancelTimer(id);
              ctx.verify(() -> {
                JsonObject body = sends.get(0).body();
                assertThat(body.getString("touser")).isEqualTo(openId);
                assertThat(body.getJsonObject("text").getString("content")).isEqualTo("久等了，您的订单已发货。");
                assertThat(fakeApi.requests(FakeWeChatApi.TYPING)).isNotEmpty();
              });
              ctx.completeNow();
            }
          });
        }));
  }

  @Test
  void lateAnswerThatWeChatRefusesIsRecordedNotDropped(Vertx vertx, VertxTestContext ctx) {
    String openId = openId();
    Responder slow = request -> {
      CompletableFuture<Decision> later = new CompletableFuture<>();
      vertx.setTimer(300, t -> later.complete(new Decision.Answer("这条回复发不出去", "test")));
      return later;
    };
    start(vertx, "safe", slow, new JsonObject().put("wechat", new JsonObject().put("replyBudget", "50ms")))
        .compose(v -> {
          fakeApi.failNext(FakeWeChatApi.SEND, 45015, 1);
          return post(text(openId, "在吗", MSG_IDS.incrementAndGet(), MessageMode.SAFE));
        })
        .onComplete(ctx.succeeding(r -> vertx.setPeriodic(50, id -> transcriptOf(openId).onSuccess(entries -> {
          if (entries.stream().anyMatch(e -> e.author() == TranscriptEntry.Author.SYSTEM)) {
            vertx.cancelTimer(id);
            ctx.verify(() -> {
              assertThat(entries).extracting(TranscriptEntry::author)
                  .containsExactly(TranscriptEntry.Author.CUSTOMER, TranscriptEntry.Author.SYSTEM);
              assertThat(entries.get(1).text()).contains("not delivered").contains("这条回复发不出去");
              assertThat(registry.scrape()).contains("kefu_async_replies_total{channel=\"wechat\",result=\"failed\"}");
            });
            ctx.completeNow();
          }
        }))));
  }

  @Test
  void eventsAreAnsweredOrAcknowledged(Vertx vertx, VertxTestContext ctx) {
    String openId = openId();
    start(vertx, "safe")
        .compose(v -> post(peer.push(WeChatPeer.eventXml("gh_test", openId, now(), "subscribe", "qrscene_7"),
            openId, MessageMode.SAFE, now())))
        .compose(r -> {
          ctx.verify(() -> assertThat(peer.openReply(r.bodyAsString()).get("Content")).contains("欢迎关注"));
          return post(peer.push(WeChatPeer.eventXml("gh_test", openId, now(), "MASSSENDJOBFINISH", ""),
              openId, MessageMode.SAFE, now()));
        })
        .compose(r -> {
          ctx.verify(() -> assertThat(r.bodyAsString()).isEqualTo("success"));
          return post(peer.push(WeChatPeer.eventXml("gh_test", openId, now(), "unsubscribe", ""),
              openId, MessageMode.SAFE, now()));
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsString()).isEqualTo("success");
          ctx.completeNow();
        })));
  }

  @Test
  void badPushesAreRefusedWithTheRightStatusAndNothingIsStored(Vertx vertx, VertxTestContext ctx) {
    String openId = openId();
    start(vertx, "safe").compose(v -> {
      WeChatPeer.Push good = text(openId, "你好", MSG_IDS.incrementAndGet(), MessageMode.SAFE);
      String forged = good.query().replaceAll("msg_signature=[0-9a-f]+", "msg_signature=" + "0".repeat(40));
      String stale = peer.push(WeChatPeer.textXml("gh_test", openId, now(), "hi", 1), openId, MessageMode.SAFE,
          now() - 3600).query();
      Buffer xxe = Buffer.buffer("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
          + "<xml><Encrypt>&e;</Encrypt></xml>");
      Buffer huge = Buffer.buffer("<xml><Encrypt>" + "A".repeat(70_000) + "</Encrypt></xml>");
      Buffer badUtf8 = Buffer.buffer(new byte[] {'<', 'x', 'm', 'l', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'x', 'm', 'l', '>'});
      return Future.all(List.of(
          post(forged, Buffer.buffer(good.body())),
          post(stale, Buffer.buffer(good.body())),
          post(good.query(), xxe),
          post(good.query(), huge),
          post(good.query(), badUtf8),
          post(good.query(), Buffer.buffer("<xml><Encrypt>")),
          post(text(openId, "明文", MSG_IDS.incrementAndGet(), MessageMode.PLAINTEXT)),
          client.request(HttpMethod.POST, server.port(), "127.0.0.1", "/wechat/nosuch?" + good.query())
              .sendBuffer(Buffer.buffer(good.body()))));
    }).compose(all -> {
      List<Integer> statuses = all.<HttpResponse<Buffer>>list().stream().map(HttpResponse::statusCode).toList();
      ctx.verify(() -> assertThat(statuses).containsExactly(401, 403, 400, 413, 400, 400, 400, 404));
      return transcriptOf(openId);
    }).onComplete(ctx.succeeding(entries -> ctx.verify(() -> {
      assertThat(entries).isEmpty();
      String scrape = registry.scrape();
      assertThat(scrape).contains("kefu_webhook_rejected_total{channel=\"wechat\",reason=\"signature_invalid\"}")
          .contains("reason=\"timestamp_skew\"").contains("reason=\"doctype_forbidden\"")
          .contains("reason=\"body_too_large\"").contains("reason=\"utf8_invalid\"")
          .contains("reason=\"mode_not_allowed\"").contains("reason=\"unknown_account\"");
      ctx.completeNow();
    })));
  }

  @Test
  void healthReadinessAndMetricsAreServed(Vertx vertx, VertxTestContext ctx) {
    start(vertx, "safe")
        .compose(v -> post(text(openId(), "你好", MSG_IDS.incrementAndGet(), MessageMode.SAFE)))
        .compose(v -> Future.all(client.get(server.port(), "127.0.0.1", "/health").send(),
            client.get(server.port(), "127.0.0.1", "/ready").send(),
            client.get(server.port(), "127.0.0.1", "/metrics").send()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          HttpResponse<Buffer> health = all.resultAt(0);
          HttpResponse<Buffer> ready = all.resultAt(1);
          HttpResponse<Buffer> metrics = all.resultAt(2);
          assertThat(health.statusCode()).isIn(200, 204);
          assertThat(ready.statusCode()).isEqualTo(200);
          assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
          assertThat(metrics.bodyAsString()).contains("kefu_messages_total{channel=\"wechat\",outcome=\"passive\"}")
              .contains("kefu_webhook_latency_seconds");
          ctx.completeNow();
        })));
  }

  @Test
  void redisUnreachableMeansServiceUnavailableSoWeChatRetries(Vertx vertx, VertxTestContext ctx) {
    JsonObject deadRedis = new JsonObject().put("redis", new JsonObject().put("url", "redis://127.0.0.1:1"));
    start(vertx, "safe", new KeywordResponder(), deadRedis)
        .compose(v -> post(text(openId(), "你好", MSG_IDS.incrementAndGet(), MessageMode.SAFE)))
        .compose(r -> {
          ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(503));
          return client.get(server.port(), "127.0.0.1", "/ready").send();
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(503);
          ctx.completeNow();
        })));
  }
}
