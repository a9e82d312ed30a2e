package io.kefu.channel.wechat;

import java.util.Map;

/**
 * Whoever an access token belongs to, and how a new one is fetched: an Official Account (per AppID) or
 * a WeCom app (per CorpID and secret). {@link AccessTokens} caches and refreshes tokens for any owner.
 */
public interface TokenOwner {

  /** Names the token in caches, Redis keys and logs; must not contain the secret. */
  String tokenKey();

  /** The request that fetches a new token; {@code forceRefresh} where the endpoint supports it. */
  TokenRequest tokenRequest(boolean forceRefresh);

  /**
   * One token endpoint call.
   *
   * @param api   name for metrics and errors, e.g. {@code stable_token}, {@code gettoken}
   * @param query query parameters
   * @param body  JSON body fields for a POST; null for a GET
   */
  record TokenRequest(String api, String path, Map<String, String> query, Map<String, Object> body) {
  }
}
