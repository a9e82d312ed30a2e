package io.kefu.channel.wecom;

/**
 * A message the WeCom group robot did not accept. {@code errcode} is WeCom's answer (0 when the failure was not
 * an errcode), {@code httpStatus} the HTTP status (0 when no HTTP answer came). Never carries the webhook URL:
 * its key lets anyone post into the group.
 */
public final class GroupRobotException extends RuntimeException {
  private final int errcode;
  private final int httpStatus;

  public GroupRobotException(String message, int errcode, int httpStatus, Throwable cause) {
    super(message, cause);
    this.errcode = errcode;
    this.httpStatus = httpStatus;
  }

  public int errcode() {
    return errcode;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
