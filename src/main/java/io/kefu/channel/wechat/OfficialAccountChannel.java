package io.kefu.channel.wechat;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Official Accounts as a {@link PushChannel}: {@code /wechat/{account}}, acknowledged with {@code success},
 * every message opens the customer-service window, late answers go through {@code custom/send} after the
 * typing indicator.
 */
public final class OfficialAccountChannel implements PushChannel {
  public static final String NAME = "wechat";

  private final Map<String, OfficialAccountCodec> codecs = new LinkedHashMap<>();
  private final WeChatApiClient api;

  public OfficialAccountChannel(Map<String, WeChatAccount> accounts, WeChatApiClient api, Clock clock,
                                Duration timestampSkew) {
    accounts.values().forEach(a -> codecs.put(a.id(), new OfficialAccountCodec(a, clock, timestampSkew)));
    this.api = api;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public OfficialAccountCodec codec(String accountId) {
    return codecs.get(accountId);
  }

  @Override
  public String noReply() {
    return "success";
  }

  @Override
  public Future<Void> received(PushCodec codec, InboundMessage message) {
    WindowTrigger trigger = WeChatTurns.windowTrigger(message);
    return trigger == null ? Future.succeededFuture()
        : api.ledger().open(account(codec), message.header().fromUser(), trigger);
  }

  @Override
  public Future<Void> typing(PushCodec codec, String user, boolean typing) {
    return api.typing(account(codec), user, typing);
  }

  @Override
  public Future<Void> send(PushCodec codec, String user, String text, int keepForAgent) {
    return api.send(account(codec), user, new OutboundMessage.Text(text), new SendOptions(null, keepForAgent));
  }

  private static WeChatAccount account(PushCodec codec) {
    return ((OfficialAccountCodec) codec).account();
  }
}
