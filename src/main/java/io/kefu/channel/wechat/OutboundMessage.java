package io.kefu.channel.wechat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A message Kefu sends to a user through {@code /cgi-bin/message/custom/send}. Every variant checks
 * its content when constructed, so an invalid message never reaches the window ledger or WeChat.
 */
public sealed interface OutboundMessage {

  /** WeChat's {@code msgtype}. */
  String msgType();

  /** The body under the {@code msgtype} key, e.g. {@code {"content":"Hello"}} for text. */
  JsonObject body();

  /**
   * The complete custom/send request body.
   *
   * @param openId    the recipient
   * @param kfAccount agent identity ({@code customservice.kf_account}), or null for none
   */
  default JsonObject toCustomSendJson(String openId, String kfAccount) {
    requireText(openId, "openId");
    JsonObject json = new JsonObject()
        .put("touser", openId)
        .put("msgtype", msgType())
        .put(msgType(), body());
    if (kfAccount != null && !kfAccount.isBlank()) {
      json.put("customservice", new JsonObject().put("kf_account", kfAccount));
    }
    return json;
  }

  /** Plain text, at most {@link #MAX_BYTES} bytes in UTF-8. */
  record Text(String content) implements OutboundMessage {
    public static final int MAX_BYTES = 2048;

    public Text {
      requireText(content, "text content");
      int bytes = content.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_BYTES) {
        throw new IllegalArgumentException("text content is " + bytes
            + " bytes in UTF-8; WeChat custom/send accepts at most " + MAX_BYTES);
      }
    }

    /** True when {@code content} is non-blank and short enough for one text message. */
    public static boolean fits(String content) {
      return content != null && !content.isBlank()
          && content.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    @Override
    public String msgType() {
      return "text";
    }

    @Override
    public JsonObject body() {
      return new JsonObject().put("content", content);
    }
  }

  /** An image uploaded before as temporary or permanent media. */
  record Image(String mediaId) implements OutboundMessage {
    public Image {
      requireText(mediaId, "image media id");
    }

    @Override
    public String msgType() {
      return "image";
    }

    @Override
    public JsonObject body() {
      return new JsonObject().put("media_id", mediaId);
    }
  }

  /** A link card ("图文消息"); WeChat currently shows only the first article. */
  record News(List<Article> articles) implements OutboundMessage {
    public static final int MAX_ARTICLES = 8;

    public News {
      if (articles == null || articles.isEmpty()) {
        throw new IllegalArgumentException("news needs at least one article");
      }
      if (articles.size() > MAX_ARTICLES) {
        throw new IllegalArgumentException("news has " + articles.size() + " articles; at most "
            + MAX_ARTICLES + " allowed");
      }
      articles = List.copyOf(articles);
    }

    @Override
    public String msgType() {
      return "news";
    }

    @Override
    public JsonObject body() {
      JsonArray list = new JsonArray();
      for (Article article : articles) {
        JsonObject json = new JsonObject().put("title", article.title());
        putIfPresent(json, "description", article.description());
        putIfPresent(json, "url", article.url());
        putIfPresent(json, "picurl", article.picUrl());
        list.add(json);
      }
      return new JsonObject().put("articles", list);
    }
  }

  /** One article of a {@link News} message; only the title is required. */
  record Article(String title, String description, String url, String picUrl) {
    public Article {
      requireText(title, "news article title");
    }
  }

  /** A question with tappable answers ("菜单消息"); a tap comes back as a text message. */
  record MsgMenu(String headContent, List<MenuItem> items, String tailContent) implements OutboundMessage {
    public MsgMenu {
      if (items == null || items.isEmpty()) {
        throw new IllegalArgumentException("menu message needs at least one item");
      }
      items = List.copyOf(items);
      headContent = headContent == null ? "" : headContent;
      tailContent = tailContent == null ? "" : tailContent;
    }

    @Override
    public String msgType() {
      return "msgmenu";
    }

    @Override
    public JsonObject body() {
      JsonArray list = new JsonArray();
      for (MenuItem item : items) {
        list.add(new JsonObject().put("id", item.id()).put("content", item.content()));
      }
      return new JsonObject()
          .put("head_content", headContent)
          .put("list", list)
          .put("tail_content", tailContent);
    }
  }

  /** One answer of a {@link MsgMenu}. */
  record MenuItem(String id, String content) {
    public MenuItem {
      requireText(id, "menu item id");
      requireText(content, "menu item content");
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }

  private static void putIfPresent(JsonObject json, String key, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(key, value);
    }
  }
}
