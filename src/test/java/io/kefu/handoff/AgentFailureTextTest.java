package io.kefu.handoff;

import static io.kefu.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kefu.agent.ApiErrors;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatApiException;
import io.kefu.channel.wechat.WeChatHttpTransport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Failures are reported to agents in Chinese; the failures here are the real exceptions of the API client. */
@ExtendWith(VertxExtension.class)
class AgentFailureTextTest {
  /** Two or more Latin letters in a row: an English word (AppID, OpenID, access_token are named on purpose). */
  private static final Pattern ENGLISH = Pattern.compile("[A-Za-z]{2,}");

  @Test
  void typedWeChatErrorsGetTheirOwnChineseText() {
    assertThat(of(WeChatApiException.fromErrcode("custom/send", 45015, "response out of time limit")))
        .isEqualTo(AgentFailureText.WINDOW_CLOSED);
    assertThat(of(WeChatApiException.windowClosedLocally("window of oX closed at 2026-12-02T10:00Z")))
        .isEqualTo(AgentFailureText.WINDOW_CLOSED);
    assertThat(of(WeChatApiException.fromErrcode("custom/send", 45047, "out of response count limit")))
        .isEqualTo(AgentFailureText.QUOTA);
    assertThat(of(WeChatApiException.fromErrcode("custom/send", 40001, "invalid credential")))
        .isEqualTo(AgentFailureText.TOKEN);
    assertThat(of(WeChatApiException.tokenUnavailable("wx123", "refresh by another node did not finish")))
        .isEqualTo(AgentFailureText.TOKEN);
    assertThat(of(WeChatApiException.fromErrcode("custom/send", -1, "system error"))).isEqualTo(AgentFailureText.BUSY);
    assertThat(of(WeChatApiException.fromErrcode("custom/send", 99999, "something new")))
        .contains("99999").doesNotContain("something new");
  }

  @Test
  void http5xxTimeoutAndUnreachableAsTheHttpTransportRaisesThem(Vertx vertx) throws Exception {
    FakeWeChatApi fake = await(FakeWeChatApi.start(vertx));
    try {
      // a generous timeout for the 503, so a slow first request on a busy machine is not taken for a timeout
      fake.statusNext(FakeWeChatApi.SEND, 503, 1);
      assertThat(of(failure(new WeChatHttpTransport(vertx, fake.baseUrl(), Duration.ofSeconds(10)))))
          .isEqualTo(AgentFailureText.SERVER_ERROR);
      fake.delayNext(FakeWeChatApi.SEND, Duration.ofSeconds(3));
      assertThat(of(failure(new WeChatHttpTransport(vertx, fake.baseUrl(), Duration.ofSeconds(1)))))
          .isEqualTo(AgentFailureText.TIMEOUT);
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      assertThat(of(failure(new WeChatHttpTransport(vertx, "http://127.0.0.1:" + closedPort, Duration.ofMillis(300)))))
          .isEqualTo(AgentFailureText.UNREACHABLE);
    } finally {
      await(fake.close());
    }
  }

  @Test
  void otherFailuresSayWhatTheAgentCanDoAndKeepTheirEnglishDetailForTheLog() {
    assertThat(of(new IllegalStateException("a WeCom servicer owns this 微信客服 session")))
        .isEqualTo(AgentFailureText.INTERNAL);
    assertThat(of(ApiErrors.conflict("conversation c1 is not assigned to you"))).contains("刷新");
    assertThat(AgentFailureText.of(ApiErrors.conflict("会话已结束"))).isEqualTo("会话已结束");
  }

  /** The text, which must be Chinese without English words. */
  private static String of(Throwable failure) {
    String text = AgentFailureText.of(failure);
    assertThat(text).as("for %s", failure).containsPattern("[\\u4e00-\\u9fff]{4,}");
    assertThat(ENGLISH.matcher(text.replace("AppID", "").replace("AppSecret", "").replace("OpenID", "")
        .replace("access_token", "")).find()).as("English in '%s'", text).isFalse();
    return text;
  }

  private static Throwable failure(WeChatHttpTransport http) throws Exception {
    Throwable failure = catchThrowable(() -> await(http.post("custom/send", "/cgi-bin/message/custom/send",
        Map.of("access_token", "t"), new JsonObject().put("touser", "o1")))).getCause();
    assertThat(failure).isInstanceOf(WeChatApiException.class);
    return failure;
  }
}
