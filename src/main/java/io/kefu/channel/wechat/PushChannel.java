package io.kefu.channel.wechat;

import io.vertx.core.Future;

/**
 * What differs between channels whose callbacks {@link PushCallbackHandler} serves: the codecs, the
 * acknowledgement body, what an inbound message opens, and how a late answer goes out.
 */
public interface PushChannel {

  /** {@code wechat}, {@code wecom}: the URL segment ({@code /wechat/{account}}), the metrics label, the conversation channel. */
  String name();

  /** The codec of a configured account, or null when there is no such account. */
  PushCodec codec(String accountId);

  /** Body that acknowledges a callback without a reply: {@code success} for WeChat, empty for WeCom. */
  String noReply();

  /**
   * A callback that only signals (WeCom's {@code kf_msg_or_event}): starts whatever it signals and returns
   * true; the callback is then acknowledged at once, without dedup, transcript or bot.
   */
  default boolean signal(PushCodec codec, InboundMessage message) {
    return false;
  }

  /** Records what an inbound message allows later (the customer-service window); completes when recorded. */
  Future<Void> received(PushCodec codec, InboundMessage message);

  /** Shows or hides the typing indicator while a late answer is prepared; failures are ignored. */
  Future<Void> typing(PushCodec codec, String user, boolean typing);

  /** Sends an answer that was not ready in time for the passive reply. */
  Future<Void> send(PushCodec codec, String user, String text, int keepForAgent);
}
