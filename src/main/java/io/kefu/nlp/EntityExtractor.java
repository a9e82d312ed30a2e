package io.kefu.nlp;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regex entity extraction, run on normalised text before segmentation. Overlapping matches are resolved in
 * favour of the earlier, then the longer one. Thread-safe.
 */
public final class EntityExtractor {

  private static final Pattern SHOP_ORDER = Pattern.compile("(?<![a-z0-9])e(\\d{16})(?!\\d)", Pattern.CASE_INSENSITIVE);
  private static final Pattern MOBILE = Pattern.compile("(?<![\\d.])(?:\\+?86[- ]?)?(1[3-9]\\d)[- ]?(\\d{4})[- ]?(\\d{4})(?![\\d.])");
  private static final Pattern SERVICE = Pattern.compile("(?<![\\d.])(400)[- ]?(\\d{3})[- ]?(\\d{4})(?![\\d.])");
  private static final Pattern LONG_DIGITS = Pattern.compile("(?<![\\d.a-z])(\\d{12,20})(?![\\d.])", Pattern.CASE_INSENSITIVE);
  private static final String CN_NUM = "[零一二两三四五六七八九十百千万]+";
  private static final Pattern AMOUNT_PREFIX = Pattern.compile("[¥$]\\s*(\\d+(?:\\.\\d{1,2})?)");
  private static final Pattern AMOUNT_SUFFIX = Pattern.compile(
      "(?<![\\d.])(\\d+(?:\\.\\d{1,2})?)\\s*(块钱|块|元|rmb|毛)|(" + CN_NUM + ")(块钱|元)");
  private static final Pattern ISO_DATE = Pattern.compile("(?<!\\d)(20\\d{2})[-/.年](\\d{1,2})[-/.月](\\d{1,2})[日号]?(?!\\d)");
  private static final Pattern MONTH_DAY = Pattern.compile("(?<![\\d年-])(\\d{1,2})月(\\d{1,2})[日号]");
  private static final Pattern RELATIVE = Pattern.compile("大前天|前天|昨天|昨日|今天|今日|明天|后天|大后天|上上周|上周|上个?星期|这周|本周|这个?星期|下周|下个?星期|上个月|这个月|本月|下个月");

  private final Clock clock;

  public EntityExtractor() {
    this(Clock.systemDefaultZone());
  }

  public EntityExtractor(Clock clock) {
    this.clock = clock;
  }

  public List<Entity> extract(String text) {
    List<Entity> found = new ArrayList<>();
    Matcher m = SHOP_ORDER.matcher(text);
    while (m.find()) {
      found.add(new Entity.OrderNumber(m.group(), m.start(), m.end(), "E" + m.group(1)));
    }
    m = MOBILE.matcher(text);
    while (m.find()) {
      found.add(new Entity.Phone(m.group(), m.start(), m.end(), m.group(1) + m.group(2) + m.group(3), false));
    }
    m = SERVICE.matcher(text);
    while (m.find()) {
      found.add(new Entity.Phone(m.group(), m.start(), m.end(), m.group(1) + m.group(2) + m.group(3), true));
    }
    m = LONG_DIGITS.matcher(text);
    while (m.find()) {
      found.add(new Entity.OrderNumber(m.group(), m.start(), m.end(), m.group(1)));
    }
    m = AMOUNT_PREFIX.matcher(text);
    while (m.find()) {
      found.add(new Entity.Amount(m.group(), m.start(), m.end(), new BigDecimal(m.group(1))));
    }
    m = AMOUNT_SUFFIX.matcher(text);
    while (m.find()) {
      boolean digits = m.group(1) != null;
      BigDecimal value = parseNumber(digits ? m.group(1) : m.group(3));
      if (value == null) {
        continue;
      }
      if (digits && m.group(2).equals("毛")) {
        value = value.movePointLeft(1);
      }
      found.add(new Entity.Amount(m.group(), m.start(), m.end(), value));
    }
    LocalDate today = LocalDate.now(clock);
    m = ISO_DATE.matcher(text);
    while (m.find()) {
      LocalDate d = date(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      if (d != null) {
        found.add(new Entity.DateMention(m.group(), m.start(), m.end(), d, d));
      }
    }
    m = MONTH_DAY.matcher(text);
    while (m.find()) {
      LocalDate d = date(today.getYear(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      if (d != null) {
        found.add(new Entity.DateMention(m.group(), m.start(), m.end(), d, d));
      }
    }
    m = RELATIVE.matcher(text);
    while (m.find()) {
      found.add(relative(m.group(), m.start(), m.end(), today));
    }
    return resolveOverlaps(found);
  }

  private static List<Entity> resolveOverlaps(List<Entity> found) {
    found.sort(Comparator.comparingInt(Entity::start).thenComparing(e -> -(e.end() - e.start())));
    List<Entity> kept = new ArrayList<>(found.size());
    int end = -1;
    for (Entity e : found) {
      if (e.start() >= end) {
        kept.add(e);
        end = e.end();
      }
    }
    return List.copyOf(kept);
  }

  private static LocalDate date(int year, int month, int day) {
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Entity.DateMention relative(String word, int start, int end, LocalDate today) {
    LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate firstOfMonth = today.withDayOfMonth(1);
    LocalDate from;
    LocalDate to;
    switch (word) {
      case "大前天" -> from = to = today.minusDays(3);
      case "前天" -> from = to = today.minusDays(2);
      case "昨天", "昨日" -> from = to = today.minusDays(1);
      case "今天", "今日" -> from = to = today;
      case "明天" -> from = to = today.plusDays(1);
      case "后天" -> from = to = today.plusDays(2);
      case "大后天" -> from = to = today.plusDays(3);
      case "上上周" -> {
        from = monday.minusWeeks(2);
        to = from.plusDays(6);
      }
      case "上周", "上星期", "上个星期" -> {
        from = monday.minusWeeks(1);
        to = from.plusDays(6);
      }
      case "下周", "下星期", "下个星期" -> {
        from = monday.plusWeeks(1);
        to = from.plusDays(6);
      }
      case "上个月" -> {
        from = firstOfMonth.minusMonths(1);
        to = firstOfMonth.minusDays(1);
      }
      case "下个月" -> {
        from = firstOfMonth.plusMonths(1);
        to = from.with(TemporalAdjusters.lastDayOfMonth());
      }
      case "这个月", "本月" -> {
        from = firstOfMonth;
        to = today.with(TemporalAdjusters.lastDayOfMonth());
      }
      default -> { // this week
        from = monday;
        to = monday.plusDays(6);
      }
    }
    return new Entity.DateMention(word, start, end, from, to);
  }

  /** Parses Arabic digits or a simple Chinese numeral (两百五, 三千, 十五); null when not a number. */
  static BigDecimal parseNumber(String s) {
    if (s.isEmpty()) {
      return null;
    }
    if (Character.isDigit(s.charAt(0))) {
      return new BigDecimal(s);
    }
    long total = 0;
    long section = 0;
    long digit = -1;
    for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
      int d = "零一二三四五六七八九".indexOf(c);
      if (c == '两') {
        d = 2;
      }
      if (d >= 0) {
        digit = d;
        continue;
      }
      long unit = switch (c) {
        case '十' -> 10;
        case '百' -> 100;
        case '千' -> 1000;
        case '万' -> 10000;
        default -> -1;
      };
      if (unit < 0) {
        return null;
      }
      if (unit == 10000) {
        section += Math.max(digit, 0);
        total += section * unit;
        section = 0;
      } else {
        section += (digit < 0 ? 1 : digit) * unit;
      }
      digit = -1;
    }
    if (digit > 0) {
      section += digit;
    }
    return BigDecimal.valueOf(total + section);
  }
}
