package io.kefu.agent;

/**
 * A failure the agent API reports as it is: HTTP status, a stable machine code ({@code not_found})
 * and a message for people. Built through the factories in {@link ApiErrors}.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return "ApiException(" + status + " " + code + ": " + getMessage() + ")";
  }
}
