package io.kefu.nlp;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A value found in a message by {@link EntityExtractor}; {@code start}/{@code end} index the normalised text. */
public sealed interface Entity permits Entity.OrderNumber, Entity.Phone, Entity.Amount, Entity.DateMention {

  String text();

  int start();

  int end();

  EntityKind kind();

  /** Canonical value for slot filling. */
  String value();

  /** An order number: the shop format {@code E}+16 digits, or a bare 12-20 digit string. */
  record OrderNumber(String text, int start, int end, String value) implements Entity {
    @Override
    public EntityKind kind() {
      return EntityKind.ORDER_NUMBER;
    }
  }

  /** A mainland mobile number or a 400 service number, digits only. */
  record Phone(String text, int start, int end, String value, boolean serviceNumber) implements Entity {
    @Override
    public EntityKind kind() {
      return EntityKind.PHONE;
    }
  }

  /** An amount of money in yuan. */
  record Amount(String text, int start, int end, BigDecimal yuan) implements Entity {
    @Override
    public EntityKind kind() {
      return EntityKind.AMOUNT;
    }

    @Override
    public String value() {
      return yuan.toPlainString();
    }
  }

  /** A date or a date range ({@code from == to} for a single day). */
  record DateMention(String text, int start, int end, LocalDate from, LocalDate to) implements Entity {
    @Override
    public EntityKind kind() {
      return EntityKind.DATE;
    }

    @Override
    public String value() {
      return from.equals(to) ? from.toString() : from + "/" + to;
    }
  }
}
