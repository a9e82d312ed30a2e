package io.kefu.bot;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The minimal responder: the first rule whose keyword occurs in the text answers. Used until the NLP
 * pipeline is configured, and as the constant-cost responder of load tests.
 */
public final class KeywordResponder implements Responder {

  /** One row of the table: any of {@code keywords} triggers {@code answer}; {@code escalate} hands over. */
  public record Rule(List<String> keywords, String answer, boolean escalate) {
  }

  static final String WELCOME = "您好，欢迎关注 Kefu 演示商城！有任何问题直接发消息给我，需要人工客服请回复“人工”。";
  static final String FALLBACK = "抱歉，我还没理解您的问题。您可以换个说法，或回复“人工”联系人工客服。";
  static final String MEDIA = "已收到您发送的内容。请用文字简单描述一下您的问题，我来帮您处理；需要人工客服请回复“人工”。";

  private static final List<Rule> DEFAULT_RULES = List.of(
      new Rule(List.of("人工", "真人", "客服电话"), "好的，正在为您转接人工客服，请稍候。", true),
      new Rule(List.of("投诉"), "非常抱歉给您带来不好的体验，正在为您转接人工客服处理。", true),
      new Rule(List.of("发货"), "现货商品付款后 48 小时内发货，预售商品以商品页标注的时间为准。", false),
      new Rule(List.of("物流", "快递", "到哪"), "您可以在「我的 → 订单 → 查看物流」中查看实时物流信息；把订单号发给我，我也可以帮您查询。", false),
      new Rule(List.of("退货", "退款"), "支持 7 天无理由退货：在「我的 → 订单」中申请售后，寄回后 1–3 个工作日内原路退款。", false),
      new Rule(List.of("发票"), "订单确认收货后可在「订单详情 → 申请开票」中开具电子发票。", false),
      new Rule(List.of("谢谢", "感谢"), "不客气，祝您购物愉快！", false),
      new Rule(List.of("你好", "您好", "在吗", "hello", "hi"), "您好，我是 Kefu 演示商城的智能客服，请问有什么可以帮您？", false));

  private final List<Rule> rules;

  public KeywordResponder() {
    this(DEFAULT_RULES);
  }

  public KeywordResponder(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public CompletionStage<Decision> respond(BotRequest request) {
    return CompletableFuture.completedFuture(decide(request.utterance()));
  }

  Decision decide(Utterance utterance) {
    if (utterance instanceof Utterance.Text t) {
      return answerText(t.text());
    }
    if (utterance instanceof Utterance.MenuClick c) {
      return answerText(c.key());
    }
    if (utterance instanceof Utterance.Follow) {
      return new Decision.Answer(WELCOME, "welcome");
    }
    if (utterance instanceof Utterance.Media) {
      return new Decision.Answer(MEDIA, "media");
    }
    if (utterance instanceof Utterance.Unfollow) {
      return new Decision.Silence("unfollow");
    }
    return new Decision.Silence("event " + ((Utterance.OtherEvent) utterance).name());
  }


  private Decision answerText(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (Rule rule : rules) {
      for (String keyword : rule.keywords()) {
        if (lower.contains(keyword)) {
          return rule.escalate()
              ? new Decision.Escalate("keyword " + keyword, rule.answer())
              : new Decision.Answer(rule.answer(), "keyword:" + keyword);
        }
      }
    }
    return new Decision.Answer(FALLBACK, "fallback");
  }
}
