package io.kefu.load;

import java.util.Map;

/**
 * One channel's side of the callback protocol as the load generator needs it: build a signed push for a customer
 * message and open the server's answer: WeChat Official Accounts ({@link WeChatTarget}) and WeCom self-built apps
 * ({@link WeComTarget}), chosen by the scenario's {@code channel}.
 */
public interface CallbackTarget {

  /** A push ready to POST to {@code uri}. */
  record Push(String uri, String body) {
  }

  /** What the server answered: a passive reply text, an acknowledgement without text, or a broken reply. */
  record Answer(boolean passive, String text) {
    /** From an opened reply's fields: passive when it carries a {@code Content}. */
    static Answer of(Map<String, String> reply) {
      String content = reply.get("Content");
      return content == null || content.isEmpty() ? new Answer(false, null) : new Answer(true, content);
    }
  }

  /** The push of {@code text} from {@code user} with the channel's message id {@code msgId}; retries reuse the id. */
  Push push(String user, String text, long msgId);

  /**
   * Opens a 200 answer.
   *
   * @throws RuntimeException when the reply cannot be verified or decrypted
   */
  Answer open(String body);

  /** The channel's user id for user number {@code n}. */
  String user(long n);
}
