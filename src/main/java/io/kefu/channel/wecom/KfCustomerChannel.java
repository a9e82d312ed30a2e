package io.kefu.channel.wecom;

import io.kefu.channel.wechat.OutboundMessage;
import io.kefu.channel.wechat.WindowStatus;
import io.kefu.conversation.Conversation;
import io.kefu.handoff.CustomerChannel;
import io.vertx.core.Future;
import java.util.Map;
import java.util.UUID;

/**
 * 微信客服 conversations for the hand-off: agents' messages go out through {@code kf/send_msg} (the session
 * stays with Kefu, state 1), within the same 48 h / 5-message window ledger the bot uses. WeCom has no typing
 * indicator for kf.
 */
public final class KfCustomerChannel implements CustomerChannel {
  private final Map<String, KfAccount> accounts;
  private final WeComApi api;
  private final KfSessions sessions;

  /** @param accounts by Kefu's kf account id */
  public KfCustomerChannel(Map<String, KfAccount> accounts, WeComApi api, KfSessions sessions) {
    this.accounts = Map.copyOf(accounts);
    this.api = api;
    this.sessions = sessions;
  }

  @Override
  public Future<Void> send(Conversation conversation, OutboundMessage message, int keepForAgent) {
    KfAccount kf = accounts.get(conversation.account());
    if (kf == null) {
      return Future.failedFuture(new IllegalStateException("unknown 微信客服 account " + conversation.account()));
    }
    String msgid = "a_" + UUID.randomUUID().toString().replace("-", "").substring(0, 29);
    return sessions.claimForBot(kf, conversation.user()).compose(state -> state.withWeComServicer()
        ? Future.failedFuture(new IllegalStateException("a WeCom servicer owns this 微信客服 session"))
        : api.sendToCustomer(kf, conversation.user(), message, msgid, keepForAgent))
        .onFailure(refusal -> sessions.forgetAfterRefusal(kf, conversation.user(), refusal));
  }

  @Override
  public Future<Void> typing(Conversation conversation, boolean typing) {
    return Future.succeededFuture();
  }

  @Override
  public Future<WindowStatus> window(Conversation conversation) {
    KfAccount kf = accounts.get(conversation.account());
    return kf == null ? Future.succeededFuture(WindowStatus.none())
        : api.ledger().status(kf.windowAccount(), conversation.user());
  }
}
