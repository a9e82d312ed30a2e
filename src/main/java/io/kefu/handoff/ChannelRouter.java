package io.kefu.handoff;

import io.kefu.channel.wechat.OutboundMessage;
import io.kefu.channel.wechat.WindowStatus;
import io.kefu.conversation.Conversation;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The {@link CustomerChannel} of every conversation: picks the channel the conversation came from
 * ({@code wechat}, {@code wecom}, {@code wecom-kf}), so agents' messages go out the way the customer came in.
 */
public final class ChannelRouter implements CustomerChannel {
  private final Map<String, CustomerChannel> channels;

  /** @param channels by conversation channel name */
  public ChannelRouter(Map<String, CustomerChannel> channels) {
    this.channels = Map.copyOf(channels);
  }

  @Override
  public Future<Void> send(Conversation conversation, OutboundMessage message, int keepForAgent) {
    CustomerChannel channel = channels.get(conversation.channel());
    return channel == null ? unknown(conversation) : channel.send(conversation, message, keepForAgent);
  }

  @Override
  public Future<Void> typing(Conversation conversation, boolean typing) {
    CustomerChannel channel = channels.get(conversation.channel());
    return channel == null ? Future.succeededFuture() : channel.typing(conversation, typing);
  }

  @Override
  public Future<WindowStatus> window(Conversation conversation) {
    CustomerChannel channel = channels.get(conversation.channel());
    return channel == null ? Future.succeededFuture(WindowStatus.none()) : channel.window(conversation);
  }

  private static Future<Void> unknown(Conversation conversation) {
    return Future.failedFuture(new IllegalStateException("conversation " + conversation.id()
        + " came from channel '" + conversation.channel() + "', which this node does not serve"));
  }
}
