package io.kefu.channel.wechat;

import java.time.Clock;
import java.util.function.Function;

/** Checks every callback codec makes on its query: required parameters and the timestamp's skew window. */
public final class CallbackChecks {
  private final Clock clock;
  private final long skewSeconds;

  /** @param timestampSkew largest accepted distance between a callback's timestamp and now */
  public CallbackChecks(Clock clock, java.time.Duration timestampSkew) {
    this.clock = clock;
    this.skewSeconds = timestampSkew.toSeconds();
  }

  public Clock clock() {
    return clock;
  }

  /** The signed values of a callback query whose timestamp is within the skew window. */
  public record Signed(String timestamp, String nonce) {
  }

  /** Reads {@code timestamp} and {@code nonce} and checks the timestamp's skew. */
  public Signed signed(Function<String, String> query) {
    String timestamp = requiredParam(query, "timestamp");
    String nonce = requiredParam(query, "nonce");
    checkSkew(clock, skewSeconds, timestamp);
    return new Signed(timestamp, nonce);
  }

  /** The parameter's value, or {@link RejectReason#PARAMETER_MISSING} when absent, empty or absurdly long. */
  public static String requiredParam(Function<String, String> query, String name) {
    String value = query.apply(name);
    if (value == null || value.isEmpty() || value.length() > 512) {
      throw new CallbackRejectedException(RejectReason.PARAMETER_MISSING, name);
    }
    return value;
  }

  /** Refuses a timestamp (epoch seconds) further than {@code skewSeconds} from now (replay protection). */
  public static void checkSkew(Clock clock, long skewSeconds, String timestamp) {
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new CallbackRejectedException(RejectReason.PARAMETER_MISSING, "timestamp is not a number");
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > skewSeconds) {
      throw new CallbackRejectedException(RejectReason.TIMESTAMP_SKEW,
          "timestamp " + seconds + " is " + (now - seconds) + " s from now");
    }
  }
}
