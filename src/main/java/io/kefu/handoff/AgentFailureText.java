package io.kefu.handoff;

import io.kefu.agent.ApiException;
import io.kefu.channel.wechat.WeChatApiException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * What an agent reads when something they did could not be carried out: clear Simplified Chinese for the
 * typed WeChat API failures (the API client's own messages are English, for logs), and a neutral line for
 * anything else, whose detail goes to the log only.
 */
public final class AgentFailureText {
  static final String WINDOW_CLOSED = "客服消息窗口已关闭（用户 48 小时内未与公众号互动），需等用户再次发消息后才能回复";
  static final String QUOTA = "本次窗口可发送的消息条数已用完，需等用户回复后才能继续发送";
  static final String TOKEN = "公众号接口凭证（access_token）无效或暂不可用，请联系管理员检查 AppID/AppSecret";
  static final String TIMEOUT = "微信接口响应超时，消息可能已送达，请勿直接重发，可先询问用户是否收到";
  static final String SERVER_ERROR = "微信接口暂时故障（服务器错误），消息可能已送达也可能未送达，请先询问用户是否收到再决定是否重发";
  static final String UNREACHABLE = "无法连接微信接口，消息未发出，请稍后重试";
  static final String BUSY = "微信系统繁忙，消息未发出，请稍后重试";
  static final String RATE_LIMITED = "接口调用过于频繁，消息未发出，请稍后重试";
  static final String INTERNAL = "系统内部错误，操作未完成（详情已记入服务器日志）";

  private static final Pattern SERVER_STATUS = Pattern.compile(".*\\bHTTP 5\\d\\d\\b.*");
  private static final Pattern TIMED_OUT = Pattern.compile("(?is).*(timeout|timed out).*");

  private AgentFailureText() {
  }

  /** The Chinese text for an agent about {@code failure}. */
  public static String of(Throwable failure) {
    if (failure instanceof WeChatApiException e) {
      return wechat(e);
    }
    if (failure instanceof ApiException e) {
      return api(e);
    }
    return INTERNAL;
  }

  private static String wechat(WeChatApiException e) {
    return switch (e.kind()) {
      case WINDOW_CLOSED, WINDOW_CLOSED_LOCAL -> WINDOW_CLOSED;
      case QUOTA_EXCEEDED -> QUOTA;
      case TOKEN_INVALID, TOKEN_UNAVAILABLE, BAD_CREDENTIALS -> TOKEN;
      case TRANSPORT -> transport(e);
      case SYSTEM_BUSY -> BUSY;
      case RATE_LIMITED -> RATE_LIMITED;
      case BAD_OPENID -> "用户标识（OpenID）无效，无法给该用户发消息";
      case NOT_AUTHORIZED -> "公众号没有客服消息接口权限，请联系管理员";
      case IP_NOT_ALLOWED -> "服务器 IP 不在公众号的 IP 白名单中，请联系管理员";
      case TYPING_NOT_ALLOWED -> "当前不能向用户显示“正在输入”";
      case UNKNOWN -> "微信接口返回错误（错误码 " + e.errcode() + "），消息未送达，请联系管理员";
    };
  }

  private static String transport(WeChatApiException e) {
    if (timedOut(e)) {
      return e.mayHaveBeenDelivered() ? TIMEOUT : UNREACHABLE;
    }
    if (SERVER_STATUS.matcher(String.valueOf(e.getMessage())).matches()) {
      return SERVER_ERROR;
    }
    return e.mayHaveBeenDelivered() ? "微信接口应答异常，消息可能已送达，请勿直接重发，可先询问用户是否收到"
        : UNREACHABLE;
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || TIMED_OUT.matcher(String.valueOf(t.getMessage())).matches()
          || t.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }

  private static String api(ApiException e) {
    if (e.getMessage() != null && e.getMessage().codePoints().anyMatch(c -> c >= 0x4e00 && c <= 0x9fff)) {
      return e.getMessage();
    }
    return switch (e.status()) {
      case 400 -> "请求无效";
      case 401 -> "登录已失效，请重新登录";
      case 403 -> "没有权限执行此操作";
      case 404 -> "找不到该会话";
      case 409 -> "会话状态已变化（可能已不属于您），请刷新后再试";
      default -> INTERNAL;
    };
  }
}
