package io.kefu.handoff;

import io.kefu.channel.wechat.OutboundMessage;
import io.kefu.channel.wechat.SendOptions;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatApiClient;
import io.kefu.channel.wechat.WindowStatus;
import io.kefu.conversation.Conversation;
import io.vertx.core.Future;
import java.util.Map;

/** Official Account conversations: custom/send and the window ledger of {@link WeChatApiClient}. */
public final class WeChatCustomerChannel implements CustomerChannel {
  private final Map<String, WeChatAccount> accounts;
  private final WeChatApiClient api;

  public WeChatCustomerChannel(Map<String, WeChatAccount> accounts, WeChatApiClient api) {
    this.accounts = Map.copyOf(accounts);
    this.api = api;
  }

  @Override
  public Future<Void> send(Conversation conversation, OutboundMessage message, int keepForAgent) {
    WeChatAccount account = accounts.get(conversation.account());
    if (account == null) {
      return Future.failedFuture(new IllegalStateException("unknown account " + conversation.account()));
    }
    return api.send(account, conversation.user(), message, new SendOptions(null, keepForAgent));
  }

  @Override
  public Future<Void> typing(Conversation conversation, boolean typing) {
    WeChatAccount account = accounts.get(conversation.account());
    return account == null ? Future.succeededFuture() : api.typing(account, conversation.user(), typing);
  }

  @Override
  public Future<WindowStatus> window(Conversation conversation) {
    WeChatAccount account = accounts.get(conversation.account());
    return account == null ? Future.succeededFuture(WindowStatus.none())
        : api.ledger().status(account, conversation.user());
  }
}
