package io.kefu.channel.wechat;

/** A callback that must not be processed, with the reason to log and answer. Carries no stack trace. */
public final class CallbackRejectedException extends RuntimeException {
  private final RejectReason reason;

  public CallbackRejectedException(RejectReason reason, String detail) {
    super(reason.code() + " " + reason.description() + (detail == null ? "" : ": " + detail), null, false, false);
    this.reason = reason;
  }

  public CallbackRejectedException(RejectReason reason) {
    this(reason, null);
  }

  public RejectReason reason() {
    return reason;
  }
}
