package io.kefu.channel.wechat;

/**
 * How one custom/send is made.
 *
 * @param kfAccount    agent identity ({@code customservice.kf_account}), or null to send as the account
 * @param keepForAgent window messages this send must leave unused (e.g. 1 so a bot keeps one for a human)
 */
public record SendOptions(String kfAccount, int keepForAgent) {
  public static final SendOptions DEFAULT = new SendOptions(null, 0);

  public SendOptions {
    if (keepForAgent < 0) {
      throw new IllegalArgumentException("keepForAgent must not be negative, got " + keepForAgent);
    }
  }

  /** Sends under an agent identity, using the window's last messages too. */
  public static SendOptions asAgent(String kfAccount) {
    return new SendOptions(kfAccount, 0);
  }

  /** Sends as the account but leaves {@code n} window messages for a human agent. */
  public static SendOptions keepingForAgent(int n) {
    return new SendOptions(null, n);
  }
}
