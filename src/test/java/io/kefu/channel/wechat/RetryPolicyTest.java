package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.channel.wechat.WeChatApiException.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), 2.0, Duration.ofMillis(300));

  @Test
  void systemBusyAndFailuresBeforeSendingAreRetryableForASend() {
    assertThat(policy.isRetryable(WeChatApiException.fromErrcode("custom/send", -1, "system error"), false)).isTrue();
    assertThat(policy.isRetryable(WeChatApiException.transport("custom/send", "refused", false, null), false)).isTrue();
  }

  @Test
  void failuresThatMayHaveDeliveredAreRetryableOnlyForIdempotentCalls() {
    WeChatApiException timeout = WeChatApiException.transport("custom/send", "timeout", true, null);
    assertThat(policy.isRetryable(timeout, false)).isFalse();
    assertThat(policy.isRetryable(timeout, true)).isTrue();
  }

  @Test
  void wechatErrorsOtherThanSystemBusyAreNeverRetried() {
    for (int errcode : new int[] {40001, 45015, 45047, 45009, 40003, 48001, 40164, 99999}) {
      assertThat(policy.isRetryable(WeChatApiException.fromErrcode("custom/send", errcode, ""), true))
          .as("errcode %d", errcode).isFalse();
    }
    assertThat(policy.isRetryable(new IllegalStateException("redis down"), true)).isFalse();
  }

  @Test
  void backoffGrowsByTheMultiplierUpToTheCap() {
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(300));
    assertThat(policy.backoff(10)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void noDelayIsOfferedOnceAllAttemptsAreUsed() {
    WeChatApiException busy = WeChatApiException.fromErrcode("custom/send", -1, "");
    assertThat(policy.nextDelay(3, busy, false)).contains(Duration.ofMillis(300));
    assertThat(policy.nextDelay(4, busy, false)).isEmpty();
    assertThat(RetryPolicy.none().nextDelay(1, busy, false)).isEmpty();
  }

  @Test
  void errcodesMapToTheDocumentedKinds() {
    assertThat(Kind.ofErrcode(40001)).isEqualTo(Kind.TOKEN_INVALID);
    assertThat(Kind.ofErrcode(40014)).isEqualTo(Kind.TOKEN_INVALID);
    assertThat(Kind.ofErrcode(42001)).isEqualTo(Kind.TOKEN_INVALID);
    assertThat(Kind.ofErrcode(45015)).isEqualTo(Kind.WINDOW_CLOSED);
    assertThat(Kind.ofErrcode(45047)).isEqualTo(Kind.QUOTA_EXCEEDED);
    assertThat(Kind.ofErrcode(45009)).isEqualTo(Kind.RATE_LIMITED);
    assertThat(Kind.ofErrcode(40003)).isEqualTo(Kind.BAD_OPENID);
    assertThat(Kind.ofErrcode(48001)).isEqualTo(Kind.NOT_AUTHORIZED);
    assertThat(Kind.ofErrcode(40164)).isEqualTo(Kind.IP_NOT_ALLOWED);
    assertThat(Kind.ofErrcode(-1)).isEqualTo(Kind.SYSTEM_BUSY);
    assertThat(Kind.ofErrcode(45080)).isEqualTo(Kind.TYPING_NOT_ALLOWED);
    assertThat(Kind.ofErrcode(45081)).isEqualTo(Kind.TYPING_NOT_ALLOWED);
    assertThat(Kind.ofErrcode(45072)).isEqualTo(Kind.TYPING_NOT_ALLOWED);
    assertThat(Kind.ofErrcode(40013)).isEqualTo(Kind.BAD_CREDENTIALS);
    assertThat(Kind.ofErrcode(12345)).isEqualTo(Kind.UNKNOWN);
  }

  @Test
  void errcodeExceptionMessageNamesTheApiTheMeaningAndWeChatsText() {
    WeChatApiException e = WeChatApiException.fromErrcode("custom/send", 45015, "response out of time limit");
    assertThat(e).hasMessage("WeChat custom/send failed: customer-service window closed or user unfollowed"
        + " (errcode 45015: response out of time limit)");
    assertThat(e.surelyNotDelivered()).isTrue();
  }
}
