package io.kefu.channel.wecom;

import static io.kefu.testing.Futures.await;
import static io.kefu.testing.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class GroupRobotTest {
  private static final Duration FAST_RETRY = Duration.ofMillis(20);

  /** One scripted answer of the fake webhook. */
  private record Answer(int status, String body) {
    static Answer ok() {
      return new Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }
  }

  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final List<String> receivedUris = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpServer server;
  private GroupRobot robot;

  @BeforeEach
  void startFakeWebhook(Vertx vertx) throws Exception {
    this.vertx = vertx;
    server = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      receivedUris.add(request.method() + " " + request.uri() + " " + request.getHeader("Content-Type"));
      received.add(body.toJsonObject());
      Answer answer = script.isEmpty() ? Answer.ok() : script.poll();
      request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
          .end(answer.body());
    })).listen(0, "127.0.0.1"));
    robot = new GroupRobot(vertx, webhook(), FAST_RETRY);
  }

  @AfterEach
  void stop() throws Exception {
    await(robot.close());
    await(server.close());
  }

  @Test
  void postsATextMessageAsJsonAndSucceedsOnErrcodeZero() throws Exception {
    await(robot.send("客户 o-123 正在排队等待人工客服"));

    assertThat(received).containsExactly(new JsonObject()
        .put("msgtype", "text").put("text", new JsonObject().put("content", "客户 o-123 正在排队等待人工客服")));
    assertThat(receivedUris).containsExactly("POST /cgi-bin/webhook/send?key=test-key application/json; charset=utf-8");
  }

  @Test
  void nonZeroErrcodeFailsWithItAndIsNotRetried() {
    script.add(new Answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));

    Throwable failure = failure(robot.send("有新的人工请求"));

    assertThat(failure).isInstanceOf(GroupRobotException.class)
        .hasMessage("WeCom group robot answered errcode 93000: invalid webhook url");
    assertThat(((GroupRobotException) failure).errcode()).isEqualTo(93000);
    assertThat(received).hasSize(1);
  }

  @Test
  void serverErrorIsRetriedOnceAndTheRetryCanSucceed() throws Exception {
    script.add(new Answer(500, "oops"));

    await(robot.send("有新的人工请求"));

    assertThat(received).hasSize(2).allSatisfy(body ->
        assertThat(body.getJsonObject("text").getString("content")).isEqualTo("有新的人工请求"));
  }

  @Test
  void twoServerErrorsFailWithTheHttpStatus() {
    script.add(new Answer(502, "bad gateway"));
    script.add(new Answer(503, "unavailable"));

    Throwable failure = failure(robot.send("有新的人工请求"));

    assertThat(failure).isInstanceOf(GroupRobotException.class).hasMessage("WeCom group robot answered HTTP 503");
    assertThat(((GroupRobotException) failure).httpStatus()).isEqualTo(503);
    assertThat(received).hasSize(2);
  }

  @Test
  void clientErrorIsNotRetried() {
    script.add(new Answer(404, "not found"));

    assertThat(failure(robot.send("有新的人工请求"))).hasMessage("WeCom group robot answered HTTP 404");
    assertThat(received).hasSize(1);
  }

  @Test
  void unreachableRobotFailsAfterOneRetryWithoutLeakingTheKey() throws Exception {
    int closedPort = server.actualPort();
    await(server.close());
    GroupRobot unreachable = new GroupRobot(vertx,
        "http://127.0.0.1:" + closedPort + "/cgi-bin/webhook/send?key=secret-key", FAST_RETRY);

    Throwable failure = failure(unreachable.send("有新的人工请求"));

    assertThat(failure).isInstanceOf(GroupRobotException.class).hasMessageStartingWith("WeCom group robot unreachable")
        .hasMessageNotContaining("secret-key");
    assertThat(((GroupRobotException) failure).httpStatus()).isZero();
    await(unreachable.close());
  }

  @Test
  void disabledRobotSendsNothingAndSucceeds() throws Exception {
    GroupRobot off = new GroupRobot(vertx, null);
    assertThat(off.enabled()).isFalse();
    await(off.send("有新的人工请求"));
    assertThat(new GroupRobot(vertx, "  ").enabled()).isFalse();
    assertThat(received).isEmpty();
  }

  @Test
  void longTextIsCutToWeComsLimit() throws Exception {
    await(robot.send("排".repeat(1000)));

    String content = received.get(0).getJsonObject("text").getString("content");
    assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(GroupRobot.MAX_CONTENT_BYTES);
    assertThat(content).startsWith("排排排").endsWith("…");
  }

  @Test
  void blankTextAndBadUrlsAreRejected() {
    assertThat(failure(robot.send(" "))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text must not be empty");
    assertThatThrownBy(() -> new GroupRobot(vertx, "ftp://example.com/x")).hasMessageContaining("http(s) URL");
  }

  private String webhook() {
    return "http://127.0.0.1:" + server.actualPort() + "/cgi-bin/webhook/send?key=test-key";
  }
}
