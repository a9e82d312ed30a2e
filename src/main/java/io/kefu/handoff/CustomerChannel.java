package io.kefu.handoff;

import io.kefu.channel.wechat.OutboundMessage;
import io.kefu.channel.wechat.WindowStatus;
import io.kefu.conversation.Conversation;
import io.vertx.core.Future;

/** How messages reach the customer of a conversation, whatever channel they came from. */
public interface CustomerChannel {

  /**
   * Sends one message through the channel's customer-service API.
   *
   * @param keepForAgent window messages this send must leave unused (1 for notices, 0 for agents)
   */
  Future<Void> send(Conversation conversation, OutboundMessage message, int keepForAgent);

  /** Shows or hides the typing indicator; failures may be ignored. */
  Future<Void> typing(Conversation conversation, boolean typing);

  /** The customer-service window as it stands: how many messages and how much time remain. */
  Future<WindowStatus> window(Conversation conversation);
}
