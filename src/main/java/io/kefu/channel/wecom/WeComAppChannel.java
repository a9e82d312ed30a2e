package io.kefu.channel.wecom;

import io.kefu.channel.wechat.InboundMessage;
import io.kefu.channel.wechat.PushChannel;
import io.kefu.channel.wechat.PushCodec;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeCom self-built apps: {@code /wecom/{app}} callbacks (acknowledged with an empty body, late answers through
 * {@code message/send}; apps have no customer-service window) and the 微信客服 doorbell, handed to the
 * {@link KfPuller}.
 */
public final class WeComAppChannel implements PushChannel {
  public static final String NAME = "wecom";
  private static final Logger LOG = LoggerFactory.getLogger(WeComAppChannel.class);

  private final Map<String, WeComCodec> codecs = new LinkedHashMap<>();
  private final List<KfAccount> kfAccounts;
  private final WeComApi api;
  private final KfPuller puller;

  public WeComAppChannel(Map<String, WeComApp> apps, List<KfAccount> kfAccounts, WeComApi api, KfPuller puller,
                         Clock clock, Duration timestampSkew) {
    this.kfAccounts = List.copyOf(kfAccounts);
    apps.values().forEach(app -> codecs.put(app.id(), new WeComCodec(app, clock, timestampSkew)));
    this.api = api;
    this.puller = puller;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PushCodec codec(String accountId) {
    return codecs.get(accountId);
  }

  @Override
  public String noReply() {
    return "";
  }

  /** {@code kf_msg_or_event}: pull the named kf account (all of this app's, for payloads without OpenKfId). */
  @Override
  public boolean signal(PushCodec codec, InboundMessage message) {
    if (!(message instanceof InboundMessage.Event event) || !WeComCodec.KF_EVENT.equals(event.event())) {
      return false;
    }
    String openKfId = event.fields().getOrDefault("OpenKfId", "");
    String token = event.fields().getOrDefault("Token", "");
    List<KfAccount> targets = kfAccounts.stream()
        .filter(kf -> kf.app().id().equals(codec.accountId()))
        .filter(kf -> openKfId.isEmpty() || kf.openKfId().equals(openKfId))
        .toList();
    if (targets.isEmpty()) {
      LOG.warn("微信客服 doorbell for unconfigured open_kfid '{}' on app {}; ignored", openKfId, codec.accountId());
    }
    targets.forEach(kf -> puller.signal(kf, token));
    return true;
  }

  @Override
  public Future<Void> received(PushCodec codec, InboundMessage message) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> typing(PushCodec codec, String user, boolean typing) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> send(PushCodec codec, String user, String text, int keepForAgent) {
    return api.sendToMember(((WeComCodec) codec).app(), user, text);
  }
}
