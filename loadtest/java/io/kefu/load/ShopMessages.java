package io.kefu.load;

import io.kefu.nlp.TextNormalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic but realistic customer questions for an online shop, written for the benchmarks (not taken from the
 * intent corpus, the knowledge base or any data set): about 200 templates with slots (product, order number,
 * amount, city, courier, date, size, colour, phone, counts) plus optional greetings and tails. {@link #unique}
 * returns texts whose normalised forms are pairwise distinct, so none of them can hit the pipeline's result cache.
 */
public final class ShopMessages {

  static final String[] TEMPLATES = """
      我的订单{O}到哪了
      订单{O}怎么还没发货
      {O}这个单子现在什么状态
      帮我看下{O}是不是已经发出去了
      我{T}下的单怎么还显示待发货
      我{T}买的{P}现在到哪里了
      查一下我{T}拍的{P}
      我买的{P}物流{D}天没动了
      快递一直显示在{C}中转，是卡住了吗
      {K}的单号查不到信息怎么回事
      物流信息{D}天没更新了，能帮忙催一下吗
      我的包裹是不是丢了，{D}天了还没到
      显示已签收但是我没收到{P}
      快递说放驿站了，可是我没找到
      能不能帮我催一下发货，{O}
      付款都{D}天了还不发货吗
      你们一般几天发货，我在{C}
      {P}现在下单{T}能发吗
      发{C}大概几天能到
      发{K}还是别的快递
      可以指定发{K}吗，别的快递我们这里不送
      {C}包邮吗
      买{N}件{P}运费多少
      偏远地区要加运费吗，我在{C}
      我想取消订单{O}
      刚下的单拍错了，能取消吗
      订单还没发货我不想要了怎么取消
      取消订单后钱多久退回来
      拍错颜色了，想把{Col}改成别的颜色
      下单的时候地址填错了能改吗，{O}
      能帮我把收货地址改成{C}吗
      收货人电话写错了，正确的是{PH}
      我想把{P}的尺码从{S}换成大一号
      {P}能不能加一件一起发
      我收到的{P}是坏的
      {P}收到就有划痕，怎么处理
      包装破了，里面的{P}也压坏了
      少发了{N}件，订单{O}
      发错货了，我买的是{Col}的，收到的是别的颜色
      {P}缺了配件，说明书里写有充电线
      收到的{P}和图片不一样
      {P}质量太差了，穿了{N}次就开线
      我要退货，{P}不合适
      {P}不喜欢可以退吗，吊牌还在
      七天无理由退货怎么操作
      退货地址是哪里
      退货的运费是我出还是你们出
      {P}拆封了还能退吗
      退货申请提交了怎么没人审核
      我已经把{P}寄回去了，单号是{K}的
      退货寄回后多久能退款
      退款{M}元什么时候到账
      申请退款{D}天了还没收到钱
      退款是原路返回吗，我用的是花呗
      退款显示成功了但是银行卡没收到
      为什么只退了{M}元，我付了更多
      我想换货，{P}尺码偏小
      {S}码的{P}还有吗，想换一个
      换货需要我先寄回去吗
      换货的运费怎么算
      {P}保修多久
      {P}坏了能修吗，买了{N}个月
      保修期内维修要钱吗
      售后电话是多少
      我身高{N}0多，穿{S}码合适吗
      {P}偏大还是偏小
      平时穿{S}的，这款{P}选哪个码
      {P}是什么材质的
      {P}有没有{Col}的
      {P}是正品吗
      {P}是新款还是旧款
      {P}能用多久
      {P}适合几岁的孩子
      {P}支持七天无理由吗
      {P}什么时候补货
      {Col}的{P}没货了吗
      {P}{S}码缺货，还会有吗
      到货了能通知我吗，我想要{Col}的
      {P}还有库存吗，我要{N}件
      付款一直失败怎么回事
      银行卡付不了款，提示错误
      可以用微信支付吗
      支持信用卡分期吗
      {P}可以分{N}期付款吗
      花呗可以用吗
      付款了但是订单显示未付款
      钱扣了订单没生成
      重复付款了{M}元，怎么退
      买{P}能开发票吗
      我要开个专票，公司抬头
      发票开错抬头了能重开吗
      电子发票在哪里下载
      发票大概几天能开出来
      我要报销，发票能寄纸质的吗
      订单{O}的发票还没收到
      优惠券怎么用不了
      {M}元的券为什么不能用在{P}上
      领的优惠券不见了
      满减活动怎么算的
      买了{N}天就降价了，能退差价吗
      {T}买的{P}今天便宜了{M}块，能补吗
      价保怎么申请
      现在有什么活动吗
      {P}还能再便宜点吗
      买{N}件能打折吗
      会员有什么好处
      我有{N}00积分怎么用
      积分能抵多少钱
      怎么升级会员
      会员等级怎么算
      登录不上去了，提示密码错误
      手机一直收不到登录验证码
      手机号换了，账号怎么改绑，新号码是{PH}
      我的账号被冻结了
      不想用了，账号怎么注销
      可以送礼物包装吗
      {P}能帮忙包成礼物吗，送人的
      可以写贺卡吗
      帮我转一下人工
      我要找人工客服
      找个真人跟我说
      你是机器人还是真人
      你们客服几点下班
      晚上{N}点还有人吗
      客服什么时候上班
      你好呀客服
      在不在，有人吗
      谢谢你啊，帮大忙了
      好的，没问题了
      好的拜拜
      你们这服务太差了，我要投诉
      {D}天了都没人处理，我要投诉你们
      我要给差评，太气人了
      再不处理我就找消协了
      这都第{N}次了，还是没解决
      态度太差了，我很生气
      能不能快点，我{T}就要用
      急用，{P}今天能发吗
      我在{C}，{T}能收到吗
      {P}和另一款有什么区别
      {P}的尺寸是多少
      {P}重多少
      {P}怎么清洗
      {P}会掉色吗
      {P}充一次电能用多久
      {P}有没有赠品
      买{P}送不送{Col}的袋子
      组合装和单买哪个划算
      你们有实体店吗，在{C}
      可以到店自提吗
      能货到付款吗
      {M}元以上包邮吗
      订单{O}能改成{K}吗
      我买的{P}还没到，{C}这边疫情管控吗
      快递员电话打不通
      快递不送上楼
      签收了才发现{P}破了，还能退吗
      拒收了钱怎么退
      我的包裹被别人签收了，{O}
      我{T}申请的售后进度怎样
      售后单号{O}，帮我查下
      维修寄回去{D}天了还没消息
      换的新货发出来了吗
      说好的补发{P}还没到
      赔偿{M}元什么时候给
      为什么我的订单被取消了
      订单显示交易关闭是什么意思
      怎么查看历史订单
      我的订单怎么不见了
      能合并订单一起发吗
      两个订单能一起发{K}吗
      帮我备注一下要{Col}的
      {P}可以刻字吗
      {P}能定制吗
      {P}有{S}码吗
      {P}是现货还是预售
      预售的{P}什么时候发
      定金付了{M}元，尾款什么时候付
      定金能退吗
      直播间买的{P}价格不一样
      新人券在哪里领
      生日有优惠吗
      我是老客户了能不能便宜点
      你们和别家比哪个好
      {P}有检测报告吗
      {P}孕妇能用吗
      {P}保质期多久
      {P}过期了怎么办
      收到的{P}生产日期是{T}的，太旧了
      {P}味道很大正常吗
      你们的退换货政策是什么
      我不想要了，能直接退款不退货吗
      退货要填什么
      上门取件可以吗
      {K}上门取件要多少钱
      退回的运费能报销吗，我花了{M}元
      """.strip().split("\n");

  private static final String[] PRODUCTS = {"连衣裙", "羽绒服", "卫衣", "牛仔裤", "运动鞋", "蓝牙耳机", "充电宝",
      "保温杯", "电饭煲", "空气炸锅", "扫地机器人", "床上四件套", "儿童书包", "护肤套装", "面霜", "口红", "奶粉",
      "纸尿裤", "猫粮", "茶叶礼盒", "手机壳", "机械键盘", "台灯", "电动牙刷", "行李箱", "羊毛衫", "雨伞", "登山包",
      "瑜伽垫", "咖啡机", "吹风机", "洗衣液", "帆布鞋", "围巾", "手表", "坚果礼包", "儿童积木", "智能手环", "眼霜",
      "乳胶枕"};
  private static final String[] CITIES = {"北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "南京",
      "重庆", "长沙", "郑州", "昆明", "哈尔滨", "乌鲁木齐", "拉萨", "厦门", "青岛", "苏州", "沈阳", "海口", "兰州"};
  private static final String[] COURIERS = {"顺丰", "中通", "圆通", "韵达", "申通", "京东快递", "邮政", "极兔"};
  private static final String[] RELATIVE = {"昨天", "前天", "今天", "上周", "上个月", "这周", "大前天", "明天"};
  private static final String[] SIZES = {"S", "M", "L", "XL", "XXL", "36", "37", "38", "39", "40", "41", "42"};
  private static final String[] COLOURS = {"黑色", "白色", "红色", "米色", "灰色", "藏青色", "粉色", "卡其色",
      "浅蓝色", "墨绿色"};
  private static final String[] GREETINGS = {"", "", "", "", "你好，", "您好 ", "在吗？", "亲，", "请问", "麻烦问下，",
      "客服你好，", "哈喽 ", "打扰一下，", "老板，", "喂 "};
  private static final String[] TAILS = {"", "", "", "", "？", "?", "谢谢", "，谢谢啦", "，急", "啊", "呢", "～",
      "，麻烦尽快回复", "!!", "[微笑]", "[流泪]", "。", "，在线等"};

  /** Clauses appended to a message that came out as a repeat. */
  private static final String[] EXTRAS = {"订单号{O}", "我在{C}", "买的是{P}", "{T}买的", "发的{K}", "要{Col}的",
      "{S}码", "付了{M}元", "电话{PH}", "等了{D}天了", "买了{N}件"};

  private final Random random;
  private final TextNormalizer normalizer = new TextNormalizer();

  public ShopMessages(long seed) {
    this.random = new Random(seed);
  }

  /** One message (may repeat an earlier one). */
  public String next() {
    String t = TEMPLATES[random.nextInt(TEMPLATES.length)];
    return pick(GREETINGS) + fill(t) + pick(TAILS);
  }

  private String fill(String template) {
    StringBuilder sb = new StringBuilder(48);
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int end = template.indexOf('}', i);
        sb.append(slot(template.substring(i + 1, end)));
        i = end + 1;
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  /** {@code n} messages whose normalised texts (the pipeline's cache key) are pairwise distinct. */
  public List<String> unique(int n) {
    Set<String> seen = new HashSet<>(n * 2);
    List<String> out = new ArrayList<>(n);
    while (out.size() < n) {
      out.add(nextNotIn(seen));
    }
    return out;
  }

  /** A message whose normalised text is not in {@code seen} yet; its key is added to {@code seen}. */
  public String nextNotIn(Set<String> seen) {
    String m = next();
    // a repeat gets one more clause (order number, city, product …) until it is new
    while (!seen.add(key(m))) {
      m = m + "，" + fill(EXTRAS[random.nextInt(EXTRAS.length)]);
    }
    return m;
  }

  /** The pipeline's cache key of a message: its normalised text and emoji sentiment. */
  public String key(String message) {
    TextNormalizer.Normalized norm = normalizer.analyse(message);
    return norm.text() + "\u0000" + norm.emojiSentiment();
  }

  private String slot(String name) {
    return switch (name) {
      case "P" -> pick(PRODUCTS);
      case "O" -> "E2026" + String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
      case "N" -> Integer.toString(2 + random.nextInt(8));
      case "D" -> Integer.toString(2 + random.nextInt(14));
      case "M" -> Integer.toString(5 + random.nextInt(600));
      case "C" -> pick(CITIES);
      case "K" -> pick(COURIERS);
      case "T" -> random.nextInt(3) == 0 ? (1 + random.nextInt(12)) + "月" + (1 + random.nextInt(28)) + "号"
          : pick(RELATIVE);
      case "S" -> pick(SIZES);
      case "Col" -> pick(COLOURS);
      case "PH" -> "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
      default -> throw new IllegalArgumentException("unknown slot " + name);
    };
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
