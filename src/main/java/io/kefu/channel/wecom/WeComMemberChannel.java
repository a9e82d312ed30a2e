package io.kefu.channel.wecom;

import io.kefu.channel.wechat.OutboundMessage;
import io.kefu.channel.wechat.WindowStatus;
import io.kefu.conversation.Conversation;
import io.kefu.handoff.CustomerChannel;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Conversations with members of a WeCom self-built app, for the hand-off: agents' text goes out through
 * {@code message/send}. Apps may write to their members at any time, so the window is always open.
 */
public final class WeComMemberChannel implements CustomerChannel {
  private static final WindowStatus ALWAYS_OPEN = new WindowStatus(true, null, Integer.MAX_VALUE, 0, null, null,
      false);

  private final Map<String, WeComApp> apps;
  private final WeComApi api;

  public WeComMemberChannel(Map<String, WeComApp> apps, WeComApi api) {
    this.apps = Map.copyOf(apps);
    this.api = api;
  }

  @Override
  public Future<Void> send(Conversation conversation, OutboundMessage message, int keepForAgent) {
    WeComApp app = apps.get(conversation.account());
    if (app == null) {
      return Future.failedFuture(new IllegalStateException("unknown WeCom app " + conversation.account()));
    }
    if (!(message instanceof OutboundMessage.Text text)) {
      return Future.failedFuture(new IllegalArgumentException("agents write text only to WeCom app members"));
    }
    return api.sendToMember(app, conversation.user(), text.content());
  }

  @Override
  public Future<Void> typing(Conversation conversation, boolean typing) {
    return Future.succeededFuture();
  }

  @Override
  public Future<WindowStatus> window(Conversation conversation) {
    return Future.succeededFuture(ALWAYS_OPEN);
  }
}
