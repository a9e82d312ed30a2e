package io.kefu.channel.wechat;

/**
 * Why a callback was refused. Codes -40001…-40011 are those of Tencent's WXBizMsgCrypt library;
 * -40090 and up are Kefu's own checks. Each maps to the HTTP status WeChat (and our logs) see.
 */
public enum RejectReason {
  SIGNATURE_INVALID(-40001, 401, "signature mismatch"),
  XML_INVALID(-40002, 400, "malformed XML"),
  AES_KEY_ILLEGAL(-40004, 500, "EncodingAESKey is not 43 Base64 characters decoding to 32 bytes"),
  RECEIVE_ID_MISMATCH(-40005, 403, "receive id inside the ciphertext does not match the AppID/CorpID"),
  ENCRYPT_FAILED(-40006, 500, "AES encryption failed"),
  DECRYPT_FAILED(-40007, 400, "AES decryption failed"),
  BUFFER_ILLEGAL(-40008, 400, "decrypted buffer is malformed"),
  BASE64_INVALID(-40010, 400, "ciphertext is not valid Base64"),
  TIMESTAMP_SKEW(-40090, 403, "timestamp outside the accepted skew window"),
  BODY_TOO_LARGE(-40091, 413, "body exceeds the size cap"),
  DOCTYPE_FORBIDDEN(-40092, 400, "DOCTYPE or entity declarations are not allowed"),
  UTF8_INVALID(-40093, 400, "body is not valid UTF-8"),
  PARAMETER_MISSING(-40094, 400, "required query parameter missing or malformed"),
  UNKNOWN_ACCOUNT(-40095, 404, "no such account configured"),
  MODE_NOT_ALLOWED(-40096, 400, "message mode not enabled for this account"),
  FIELD_MISSING(-40097, 400, "required XML field missing or malformed"),
  STORE_UNAVAILABLE(-40098, 503, "message store unavailable, retry later"),
  STILL_PROCESSING(-40099, 503, "an earlier delivery of this push is still being processed, retry later"),
  OVERLOADED(-40100, 503, "node at its limit of callbacks being claimed, retry later"),
  CLAIM_TIMEOUT(-40101, 503, "the message store did not confirm the claim in time, retry later");

  private final int code;
  private final int httpStatus;
  private final String description;

  RejectReason(int code, int httpStatus, String description) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.description = description;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String description() {
    return description;
  }

  /** Lower-case label for metrics, e.g. {@code signature_invalid}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
