package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowPolicyTest {
  private final Instant now = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void userMessageOpensTheConfiguredLongWindowAndAlwaysRenews() {
    WindowConfig config = new WindowConfig(new WindowConfig.Rule(20, Duration.ofHours(24)),
        new WindowConfig.Rule(3, Duration.ofMinutes(1)), new WindowConfig.Rule(2, Duration.ofMinutes(2)),
        new WindowConfig.Rule(3, Duration.ofMinutes(1)), Duration.ofMinutes(10));
    WindowPolicy policy = new WindowPolicy(config);
    WindowPolicy.Opening user = policy.opening(WindowTrigger.USER_MESSAGE, now);
    assertThat(user.quota()).isEqualTo(20);
    assertThat(user.expiresAt()).isEqualTo(now.plus(Duration.ofHours(24)));
    assertThat(user.renews()).isTrue();
    assertThat(user.keyTtl()).isEqualTo(Duration.ofHours(24).plusMinutes(10));
    WindowPolicy.Opening follow = policy.opening(WindowTrigger.SUBSCRIBE, now);
    assertThat(follow.quota()).isEqualTo(2);
    assertThat(follow.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(2)));
    assertThat(follow.renews()).isFalse();
  }

  @Test
  void storedWindowIsOpenOnlyBeforeItExpiresAndWhileWeChatHasNotClosedIt() {
    WindowPolicy policy = new WindowPolicy(WindowConfig.defaults());
    Map<String, String> fields = Map.of("trigger", "USER_MESSAGE", "opened", "0",
        "expires", Long.toString(now.toEpochMilli()), "quota", "5", "used", "2");
    assertThat(policy.status(fields, now.minusMillis(1)).remaining()).isEqualTo(3);
    assertThat(policy.status(fields, now).open()).isFalse();
    Map<String, String> closed = new java.util.HashMap<>(fields);
    closed.put("closed", "1");
    assertThat(policy.status(closed, now.minusSeconds(5)).open()).isFalse();
    assertThat(policy.status(Map.of(), now)).isEqualTo(WindowStatus.none());
  }

  @Test
  void elapsedTimeIsShownInTheCoarsestWholeUnit() {
    assertThat(WindowPolicy.ago(Duration.ofHours(49).plusMinutes(59))).isEqualTo("49h");
    assertThat(WindowPolicy.ago(Duration.ofMinutes(3).plusSeconds(10))).isEqualTo("3 min");
    assertThat(WindowPolicy.ago(Duration.ofSeconds(20))).isEqualTo("20 s");
  }

  @Test
  void expiredEventWindowSaysWhichEventOpenedIt() {
    WindowPolicy policy = new WindowPolicy(WindowConfig.defaults());
    WindowStatus window = new WindowStatus(false, WindowTrigger.MENU_CLICK, 3, 1, now.minusSeconds(150),
        now.minusSeconds(90), false);
    assertThat(policy.describe(WindowPolicy.Refusal.EXPIRED, window, 0, now))
        .isEqualTo("customer-service window closed: last menu click 2 min ago");
  }
}
