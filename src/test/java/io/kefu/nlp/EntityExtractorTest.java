package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityExtractorTest {
  // Wednesday 2026-11-11
  private final EntityExtractor extractor = new EntityExtractor(
      Clock.fixed(Instant.parse("2026-11-11T04:00:00Z"), ZoneId.of("Asia/Shanghai")));
  private final TextNormalizer normalizer = new TextNormalizer();

  private List<Entity> extract(String raw) {
    return extractor.extract(normalizer.normalize(raw));
  }

  @Test
  void shopOrderNumber() {
    List<Entity> es = extract("订单号E2026111112345678怎么还没发");
    assertThat(es).singleElement().isInstanceOfSatisfying(Entity.OrderNumber.class,
        o -> assertThat(o.value()).isEqualTo("E2026111112345678"));
  }

  @Test
  void longDigitStringIsOrderNumberButElevenDigitMobileIsPhone() {
    List<Entity> es = extract("单号 123456789012345 电话13812345678");
    assertThat(es).hasSize(2);
    assertThat(es.get(0)).isInstanceOf(Entity.OrderNumber.class);
    assertThat(es.get(0).value()).isEqualTo("123456789012345");
    assertThat(es.get(1)).isInstanceOfSatisfying(Entity.Phone.class, p -> {
      assertThat(p.value()).isEqualTo("13812345678");
      assertThat(p.serviceNumber()).isFalse();
    });
  }

  @Test
  void serviceNumberAndFormattedMobile() {
    assertThat(extract("客服电话400-123-4567")).singleElement()
        .isInstanceOfSatisfying(Entity.Phone.class, p -> {
          assertThat(p.value()).isEqualTo("4001234567");
          assertThat(p.serviceNumber()).isTrue();
        });
    assertThat(extract("手机 138-1234-5678")).singleElement().extracting(Entity::value).isEqualTo("13812345678");
  }

  @Test
  void amounts() {
    assertThat(extract("退我¥199.5")).singleElement().isInstanceOfSatisfying(Entity.Amount.class,
        a -> assertThat(a.yuan()).isEqualByComparingTo(new BigDecimal("199.5")));
    assertThat(extract("便宜了20块")).singleElement().extracting(Entity::value).isEqualTo("20");
    assertThat(extract("返现两百元吗")).singleElement().extracting(Entity::value).isEqualTo("200");
    assertThat(extract("差5毛钱")).singleElement().extracting(Entity::value).isEqualTo("0.5");
  }

  @Test
  void datesAbsoluteAndRelative() {
    List<Entity> es = extract("2026-11-11下的单，11月12日还没发，昨天问过");
    assertThat(es).extracting(Entity::kind).containsOnly(EntityKind.DATE);
    assertThat(es).extracting(Entity::value).containsExactly("2026-11-11", "2026-11-12", "2026-11-10");
    Entity.DateMention lastWeek = (Entity.DateMention) extract("上周买的").get(0);
    assertThat(lastWeek.from()).isEqualTo(LocalDate.of(2026, 11, 2));
    assertThat(lastWeek.to()).isEqualTo(LocalDate.of(2026, 11, 8));
  }

  @Test
  void negatives() {
    assertThat(extract("我想退货")).isEmpty();
    assertThat(extract("打12306问问")).isEmpty(); // too short for an order, not a phone
    assertThat(extract("号码12345678901")).isEmpty(); // 11 digits starting 12: neither mobile nor order
    assertThat(extract("买了3个")).isEmpty();
    assertThat(extract("我们一块去")).isEmpty();
    assertThat(extract("2026-13-45")).isEmpty();
    assertThat(extract("E12345")).isEmpty();
  }

  @Test
  void chineseNumerals() {
    assertThat(EntityExtractor.parseNumber("三千")).isEqualByComparingTo("3000");
    assertThat(EntityExtractor.parseNumber("十五")).isEqualByComparingTo("15");
    assertThat(EntityExtractor.parseNumber("一万二千")).isEqualByComparingTo("12000");
    assertThat(EntityExtractor.parseNumber("好")).isNull();
  }
}
